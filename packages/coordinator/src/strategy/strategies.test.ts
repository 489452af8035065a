import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import { updateNorm } from '../aggregate.js';
import { COORDINATOR_ERROR_CODES as CODES } from '../errors.js';
import {
  assertParametersClose,
  assertValuesClose,
  constantParameters,
  parameterFactory,
  runServerRounds,
} from '../testing/fixtures.js';
import { ClippedStrategy } from './clipped.js';
import { createStrategy } from './factory.js';
import { FedAdam } from './fedadam.js';
import { FedAvg } from './fedavg.js';
import { FedAvgM } from './fedavgm.js';
import { FedProx } from './fedprox.js';
import { strategiesReading } from './registry.js';
import { RobustStrategy } from './robust.js';
import type { ClientInfo, FitResult } from './types.js';

const clients: ClientInfo[] = ['a', 'b'].map((id) => ({ id, stationIds: [`XX.${id}..HHZ`], capabilities: {} }));

function result(clientId: string, parameters: Parameters, numExamples: number, loss = 0): FitResult {
  return { clientId, parameters, numExamples, metrics: { loss } };
}

test('FedAvg weights clients by num_examples', () => {
  const global = constantParameters(0);
  const out = new FedAvg().aggregateFit(
    1,
    global,
    [result('a', constantParameters(1), 100), result('b', constantParameters(4), 300)],
    [],
  );
  assertParametersClose(out!.parameters, constantParameters(3.25));
});

test('FedAvg caps the weight a client can claim', () => {
  const strategy = new FedAvg({ maxExampleWeight: 100 });
  const out = strategy.aggregateFit(
    1,
    constantParameters(0),
    [result('a', constantParameters(1), 100), result('liar', constantParameters(9), 1e12)],
    [],
  );
  assertParametersClose(out!.parameters, constantParameters(5));
});

test('FedAvg reports example-weighted metrics and counts', () => {
  const out = new FedAvg().aggregateFit(
    1,
    constantParameters(0),
    [result('a', constantParameters(1), 1, 2), result('b', constantParameters(1), 3, 6)],
    [{ clientId: 'c', error: new Error('gone') }],
  );
  assert.deepEqual(out!.metrics, { loss: 5, clients: 2, failures: 1, examples: 4 });
});

test('FedAvg with no results leaves the model unchanged (null)', () => {
  assert.equal(new FedAvg().aggregateFit(1, constantParameters(0), [], []), null);
});

test('a rejected update leaves the streaming aggregate usable', () => {
  const agg = new FedAvg().beginFit(1, constantParameters(0));
  agg.add(result('a', constantParameters(2), 10));
  const bad = constantParameters(1);
  bad[0]!.data[0] = Number.NaN;
  assert.throws(
    () => agg.add(result('b', bad, 10)),
    (e: { code?: string }) => e.code === CODES.nonFinite,
  );
  assert.equal(agg.count, 1);
  assertParametersClose(agg.finish([])!.parameters, constantParameters(2));
});

test('FedAvg sends its local training config to every sampled client', () => {
  const strategy = new FedAvg({ fitConfig: { epochs: 3 } });
  const ins = strategy.configureFit(1, constantParameters(0), clients);
  assert.deepEqual(
    ins.map((i) => i.clientId),
    ['a', 'b'],
  );
  assert.equal(ins[0]!.config.epochs, 3);
  assert.equal(ins[0]!.config.loss, 'focal', 'unspecified keys keep their defaults');
});

test('FedAvg rejects a non-positive weight cap', () => {
  assert.throws(
    () => new FedAvg({ maxExampleWeight: 0 }),
    (e: { code?: string }) => e.code === CODES.invalidOptions,
  );
});

test('FedProx sends mu in the fit config', () => {
  const ins = new FedProx({ proxMu: 0.3 }).configureFit(1, constantParameters(0), clients);
  assert.equal(ins[1]!.config.proxMu, 0.3);
});

test('FedProx rejects a negative mu', () => {
  assert.throws(
    () => new FedProx({ proxMu: -1 }),
    (e: { code?: string }) => e.code === CODES.invalidOptions,
  );
});

/** Reference FedAdam step on plain numbers. */
function referenceAdam(global: number[], avgs: number[][], o: { eta: number; b1: number; b2: number; tau: number }) {
  let w = [...global];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  for (const avg of avgs) {
    w = w.map((wj, j) => {
      const d = avg[j]! - wj;
      m[j] = o.b1 * m[j]! + (1 - o.b1) * d;
      v[j] = o.b2 * v[j]! + (1 - o.b2) * d * d;
      return wj + (o.eta * m[j]!) / (Math.sqrt(v[j]!) + o.tau);
    });
  }
  return w;
}

test('FedAdam applies Adam to the pseudo-gradient over several rounds', () => {
  const strategy = new FedAdam({ serverLearningRate: 0.05, beta1: 0.8, beta2: 0.95, tau: 0.01 });
  const { start, averages, final } = runServerRounds(strategy, parameterFactory(7), [1, 1, 1]);
  assertValuesClose(final, referenceAdam(start, averages, { eta: 0.05, b1: 0.8, b2: 0.95, tau: 0.01 }));
});

test('FedAdam state restored into a fresh instance continues identically', () => {
  const make = parameterFactory(8);
  const g0 = make();
  const r1 = [result('a', make(), 5)];
  const r2 = [result('a', make(), 5)];
  const original = new FedAdam();
  const g1 = original.aggregateFit(1, g0, r1, [])!.parameters;
  const restored = new FedAdam();
  restored.importState(structuredClone(original.exportState()));
  assertParametersClose(
    restored.aggregateFit(2, g1, r2, [])!.parameters,
    original.aggregateFit(2, g1, r2, [])!.parameters,
    0,
  );
});

test('FedAdam rejects beta outside [0, 1)', () => {
  assert.throws(
    () => new FedAdam({ beta2: 1 }),
    (e: { code?: string }) => e.code === CODES.invalidOptions,
  );
});

test('FedAvgM accumulates the pseudo-gradient with server momentum', () => {
  const strategy = new FedAvgM({ serverLearningRate: 0.5, serverMomentum: 0.9 });
  // Round 1: Δ = 2, v = 2, global 0 + 0.5·2 = 1. Round 2: Δ = 3 − 1 = 2, v = 0.9·2 + 2 = 3.8, global 1 + 1.9.
  const g1 = strategy.aggregateFit(1, constantParameters(0), [result('a', constantParameters(2), 1)], [])!.parameters;
  assertParametersClose(g1, constantParameters(1));
  const g2 = strategy.aggregateFit(2, g1, [result('a', constantParameters(3), 1)], [])!.parameters;
  assertParametersClose(g2, constantParameters(2.9));
});

test('FedAvgM with server lr 1 and no momentum is FedAvg', () => {
  const make = parameterFactory(9);
  const global = make();
  const results = [result('a', make(), 3), result('b', make(), 1)];
  const plain = new FedAvg().aggregateFit(1, global, results, [])!.parameters;
  const momentumFree = new FedAvgM({ serverLearningRate: 1, serverMomentum: 0 }).aggregateFit(
    1,
    global,
    results,
    [],
  )!.parameters;
  assertParametersClose(momentumFree, plain);
});

test('FedAvgM state restored into a fresh instance continues identically', () => {
  const make = parameterFactory(10);
  const g0 = make();
  const r1 = [result('a', make(), 5)];
  const r2 = [result('a', make(), 5)];
  const original = new FedAvgM();
  const g1 = original.aggregateFit(1, g0, r1, [])!.parameters;
  const restored = new FedAvgM();
  restored.importState(structuredClone(original.exportState()));
  assertParametersClose(
    restored.aggregateFit(2, g1, r2, [])!.parameters,
    original.aggregateFit(2, g1, r2, [])!.parameters,
    0,
  );
});

test('FedAvgM rejects momentum outside [0, 1)', () => {
  assert.throws(
    () => new FedAvgM({ serverMomentum: 1 }),
    (e: { code?: string }) => e.code === CODES.invalidOptions,
  );
});

test('createStrategy builds FedAvgM from its name', () => {
  assert.equal(createStrategy({ name: 'fedavgm', serverMomentum: 0.5, guard: null }).name, 'fedavgm');
});

test('the clipping wrapper bounds each update before averaging', () => {
  const global = constantParameters(0);
  const strategy = new ClippedStrategy(new FedAvg(), 1);
  const far = constantParameters(100);
  const out = strategy.aggregateFit(1, global, [result('a', far, 1)], [])!;
  assert.ok(Math.abs(updateNorm(out.parameters, global) - 1) < 1e-5);
  assert.equal(out.metrics.clipped, 1);
  assert.equal(strategy.name, 'clip(fedavg)');
});

test('the median wrapper resists one poisoned client', () => {
  const strategy = new RobustStrategy(new FedAvg(), 'median');
  const out = strategy.aggregateFit(
    1,
    constantParameters(0),
    [
      result('a', constantParameters(1), 10),
      result('b', constantParameters(2), 10),
      result('evil', constantParameters(1e6), 1e9),
    ],
    [],
  )!;
  assertParametersClose(out.parameters, constantParameters(2));
  assert.equal(out.metrics.clients, 3);
});

test('a wrapper delegates configuration and state to the inner strategy', () => {
  const strategy = new ClippedStrategy(new FedProx({ proxMu: 0.5 }), 2);
  assert.equal(strategy.configureFit(1, constantParameters(0), clients)[0]!.config.proxMu, 0.5);
  assert.equal(strategy.exportState().name, 'clip(fedprox)');
});

test('createStrategy composes guard(clip(robust(base))) from a spec', () => {
  const s = createStrategy({ name: 'fedadam', clipNorm: 5, robust: 'trimmed-mean', trimFraction: 0.2 });
  assert.equal(s.name, 'guard(clip(trimmed-mean(fedadam)))');
});

test('createStrategy rejects an unknown strategy name', () => {
  assert.throws(
    () => createStrategy({ name: 'fedsgd' as 'fedavg' }),
    (e: { code?: string }) => e.code === CODES.invalidOptions,
  );
});

test('strategiesReading names the strategies whose registry entry reads a key', () => {
  assert.deepEqual(strategiesReading('serverMomentum'), ['fedavgm']);
  assert.deepEqual(strategiesReading('maxExampleWeight'), [], 'keys every strategy reads are not listed');
});
