/**
 * The default strategy against one hostile client of three (the probes of issue #16): a ×100 update, a
 * claim of 2^53 − 1 examples and weights of 3e38 each move plain FedAvg far and the guarded default
 * little; a new model far beyond what the clients sent is refused, and the round engine retries a
 * refused round instead of committing it or failing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FitIns, FitRes, Parameters } from '@quakefed/proto';
import { updateNorm } from '../aggregate.js';
import { AggregationError, COORDINATOR_ERROR_CODES } from '../errors.js';
import { ClientManager } from '../client-manager.js';
import { resolveCoordinatorOptions } from '../defaults.js';
import { createLogger, silentLogger, type LogRecord } from '@quakefed/core';
import { RoundEngine, type EngineState } from '../round-engine.js';
import { CheckpointStore } from '../checkpoint/store.js';
import { assertParametersClose, parameterFactory } from '../testing/fixtures.js';
import { InMemoryClientProxy } from '../transport/memory-proxy.js';
import { createStrategy } from './factory.js';
import { DelegatingStrategy } from './delegating.js';
import { FedAvg } from './fedavg.js';
import { FedAvgM } from './fedavgm.js';
import { GuardedStrategy, lowerQuantile } from './guarded.js';
import type { FitAggregator, FitResult, Strategy, StrategyState } from './types.js';

const make = parameterFactory(16);
const global = make();

/** `global` moved by a random step of norm about `scale` × √(values). */
function honest(scale = 0.05): Parameters {
  const step = make(scale);
  return global.map((t, i) => ({ ...t, data: t.data.map((v, j) => v + step[i]!.data[j]!) }));
}

/** `params`' update scaled by `factor`. */
function scaled(params: Parameters, factor: number): Parameters {
  return params.map((t, i) => ({
    ...t,
    data: t.data.map((v, j) => global[i]!.data[j]! + factor * (v - global[i]!.data[j]!)),
  }));
}

const result = (clientId: string, parameters: Parameters, numExamples = 128): FitResult => ({
  clientId,
  parameters,
  numExamples,
  metrics: {},
});

/**
 * How far one round with two honest clients and `hostile` moves the global model under `strategy`, and
 * the norm of an honest update (the guard clips at 1.5 × the lower 0.9-quantile norm, with three results
 * the middle one, and weighs a claimant at most 2 × the median count, so one hostile client of three
 * moves the model at most (2·1.5 + 2·1) / 4 = 1.25 honest norms; the tests allow 2).
 */
function moved(strategy: Strategy, hostile: (own: Parameters) => FitResult): { step: number; honestNorm: number } {
  const [a, b, own] = [honest(), honest(), honest()];
  const out = strategy.aggregateFit(1, global, [result('a', a), result('b', b), hostile(own)], [])!;
  const norms = [a, b, own].map((p) => updateNorm(p, global)).sort((x, y) => x - y);
  return { step: updateNorm(out.parameters, global), honestNorm: norms[1]! };
}

const plain = () => createStrategy({ name: 'fedavg', guard: null });
const guarded = () => createStrategy({ name: 'fedavg' });

test('the default strategy is FedAvg under the guard', () => {
  assert.equal(guarded().name, 'guard(fedavg)');
});

test('an update ×100 moves plain FedAvg ~33 honest update norms, the guarded default at most 2', () => {
  const attack = (own: Parameters) => result('c', scaled(own, 100));
  const p = moved(plain(), attack);
  const g = moved(guarded(), attack);
  assert.ok(p.step > 25 * p.honestNorm, `plain ${p.step} vs honest ${p.honestNorm}`);
  assert.ok(g.step <= 2 * g.honestNorm, `guarded ${g.step} vs honest ${g.honestNorm}`);
});

test('2^53 − 1 examples: plain FedAvg takes the claimant at its 100,000 cap, the guard at twice the median', () => {
  const attack = (own: Parameters) => result('c', scaled(own, 10), Number.MAX_SAFE_INTEGER);
  const p = moved(plain(), attack);
  const g = moved(guarded(), attack);
  assert.ok(p.step > 8 * p.honestNorm, `plain ${p.step} vs honest ${p.honestNorm}`);
  assert.ok(g.step <= 2 * g.honestNorm, `guarded ${g.step} vs honest ${g.honestNorm}`);
  const metrics = guarded().aggregateFit(
    1,
    global,
    [result('a', honest()), result('b', honest()), attack(honest())],
    [],
  )!.metrics;
  assert.deepEqual([metrics.guardCapped, metrics.guardClipped], [1, 1]);
});

test('weights of 3e38: plain FedAvg commits a model of norm ~1e38, the guarded default a bounded finite one', () => {
  const attack = () =>
    result(
      'c',
      global.map((t) => ({ ...t, data: new Float32Array(t.data.length).fill(3e38) })),
    );
  const p = moved(plain(), attack);
  const g = moved(guarded(), attack);
  assert.ok(p.step > 1e37);
  assert.ok(Number.isFinite(g.step) && g.step <= 2 * g.honestNorm, `guarded ${g.step} vs honest ${g.honestNorm}`);
});

test('the lower quantile is an element some values lie above, never interpolated towards an outlier', () => {
  assert.equal(lowerQuantile([3, 1, 2], 0.5), 2);
  // With three values the 0.9-quantile is still the middle one: a single outlier cannot set it.
  assert.equal(lowerQuantile([1, 2, 1e9], 0.9), 2);
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
  assert.equal(lowerQuantile(twenty, 0.9), 18);
  assert.equal(lowerQuantile([5], 0.9), 5);
});

/**
 * Rounds shaped like a seismic federation's: half the stations saw no quake and send near-zero updates,
 * the others send updates a hundred times larger; in the second round one of twenty sends its update ×100.
 */
function seismicRounds(): FitResult[][] {
  const round = (): FitResult[] => [
    ...Array.from({ length: 10 }, (_, i) => result(`quiet-${i}`, honest(0.0005))),
    ...Array.from({ length: 9 }, (_, i) => result(`quake-${i}`, honest(0.05))),
  ];
  const first = [...round(), result('quake-9', honest(0.05))];
  return [first, [...round(), result('hostile', scaled(honest(0.05), 100))]];
}

/** The second of `seismicRounds` under `strategy`, after the first: its metrics, and the largest honest norm. */
function secondSeismicRound(strategy: Strategy): { metrics: Record<string, number>; honestMax: number } {
  const [first, second] = seismicRounds();
  strategy.aggregateFit(1, global, first!, []);
  const honestMax = Math.max(...second!.slice(0, -1).map((r) => updateNorm(r.parameters, global)));
  return { metrics: strategy.aggregateFit(2, global, second!, [])!.metrics, honestMax };
}

test('the default guard lets through the larger honest updates when most are tiny, and still clips a ×100 one', () => {
  const { metrics, honestMax } = secondSeismicRound(guarded());
  assert.equal(metrics.guardClipped, 1);
  assert.ok(metrics.guardNormBound! <= 3 * honestMax, `bound ${metrics.guardNormBound} vs ${honestMax}`);
  // At the median the bound rests on the quiet stations: every quake station is clipped too.
  const median = secondSeismicRound(new GuardedStrategy(new FedAvg(), { normQuantile: 0.5 }));
  assert.equal(median.metrics.guardClipped, 10);
});

test('a normQuantile outside [0.5, 1) is an options error', () => {
  for (const normQuantile of [0.4, 1, Number.NaN]) {
    assert.throws(
      () => new GuardedStrategy(new FedAvg(), { normQuantile }),
      /guard.normQuantile must be in \[0.5, 1\)/,
    );
  }
});

test('results wait for the warm-up and are all folded in by finish', () => {
  const strategy = new GuardedStrategy(createStrategy({ name: 'fedavg', guard: null }), { warmup: 3 });
  const aggregator = strategy.beginFit(1, global);
  aggregator.add(result('a', honest()));
  aggregator.add(result('b', honest()));
  assert.equal(aggregator.count, 2);
  const out = aggregator.finish([])!;
  assert.equal(out.metrics.clients, 2);
});

/** `state` saved in a checkpoint and loaded back, as a restarted coordinator reads it. */
async function throughCheckpoint(state: StrategyState): Promise<StrategyState> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-guard-'));
  try {
    const store = new CheckpointStore(dir, { keep: 1, recover: 'refuse', logger: silentLogger });
    await store.save({ round: 2, parameters: global, strategyState: state, history: [], model: null });
    return (await store.load(2)).strategyState;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Two rounds of three honest clients taking twice the usual step: the running windows rest on six
 * results, and their bound differs from one taken from a later round alone.
 */
function warmedUp(): Strategy {
  const strategy = guarded();
  for (const round of [1, 2]) {
    const step = () => honest(0.1);
    strategy.aggregateFit(round, global, [result('a', step()), result('b', step()), result('c', step())], []);
  }
  return strategy;
}

/** A round in which client c sends an update ×100. */
const attackRound = (): FitResult[] => [
  result('a', honest()),
  result('b', honest()),
  result('c', scaled(honest(), 100)),
];

test('a guard restored from a checkpoint bounds a ×100 update exactly as the uninterrupted one; a fresh one does not', async () => {
  const uninterrupted = warmedUp();
  const restored = guarded();
  restored.importState(await throughCheckpoint(uninterrupted.exportState()));
  const results = attackRound();
  const [u, r, fresh] = [uninterrupted, restored, guarded()].map((s) => s.aggregateFit(3, global, results, [])!);
  assert.equal(u!.metrics.guardClipped, 1);
  assertParametersClose(r!.parameters, u!.parameters, 0);
  assert.deepEqual(r!.metrics, u!.metrics);
  // Without its windows the guard takes its bound from this round alone, attacker included.
  assert.notEqual(fresh!.metrics.guardNormBound, u!.metrics.guardNormBound);
});

test('a checkpoint written before the guard saved its windows restores the inner state, and the guard warms up again', async () => {
  const { series: _, ...old } = warmedUp().exportState();
  const restarted = guarded();
  restarted.importState(await throughCheckpoint(old));
  const results = attackRound();
  assert.deepEqual(
    restarted.aggregateFit(3, global, results, [])!.metrics,
    guarded().aggregateFit(3, global, results, [])!.metrics,
  );
});

test('a new model over maxStepMultiple × the quantile update norm from the old one is refused with QF_ERR_AGGREGATE_REFUSED', () => {
  // A server learning rate of 10,000 turns clipped, honest updates into a jump no training makes.
  const strategy = new GuardedStrategy(new FedAvgM({ serverLearningRate: 10_000, serverMomentum: 0 }));
  assert.throws(
    () => strategy.aggregateFit(1, global, [result('a', honest()), result('b', honest()), result('c', honest())], []),
    {
      code: 'QF_ERR_AGGREGATE_REFUSED',
    },
  );
});

/** FedAvg whose first aggregate is refused, as the guard refuses a broken one. */
class RefusesFirst extends DelegatingStrategy {
  readonly name = 'refuses-first';
  private refused = false;
  beginFit(round: number, parameters: Parameters): FitAggregator {
    const inner = this.inner.beginFit(round, parameters);
    return {
      add: (r) => inner.add(r),
      get count() {
        return inner.count;
      },
      finish: (failures) => {
        if (this.refused) return inner.finish(failures);
        this.refused = true;
        throw new AggregationError(COORDINATOR_ERROR_CODES.aggregateRefused, 'refused for the test');
      },
    };
  }
}

test('the round engine keeps the global model and retries a round whose aggregate is refused', async () => {
  const logger = silentLogger;
  const logs: LogRecord[] = [];
  const clients = new ClientManager(logger);
  const reply = (ins: FitIns): FitRes => ({
    kind: 'fitRes',
    round: ins.round,
    modelVersion: ins.modelVersion,
    parameters: ins.parameters.map((t) => ({ ...t, data: t.data.map((v) => v + 0.01) })),
    numExamples: 10,
    metrics: {},
    status: { ok: true },
  });
  for (const id of ['a', 'b'])
    clients.register(new InMemoryClientProxy({ id, stationIds: [], capabilities: {} }, { fit: reply }));
  const commits: EngineState[] = [];
  const engine = new RoundEngine({
    strategy: new RefusesFirst(new FedAvg()),
    clients,
    options: resolveCoordinatorOptions({
      rounds: 1,
      minAvailable: 2,
      minFit: 2,
      minFitResults: 2,
      evaluateEvery: 0,
      retryDelayMs: 0,
    }),
    logger: createLogger({ level: 'debug', write: () => {}, onRecord: (r) => logs.push(r) }),
    initial: { round: 0, parameters: global, history: [] },
    onCommit: async (state) => void commits.push(state),
  });
  await engine.run(new AbortController().signal);
  assert.deepEqual(
    commits.map((c) => [c.round, c.history[0]!.attempts]),
    [[1, 2]],
  );
  assert.equal(logs.filter((l) => l.msg === 'aggregate_refused').length, 1);
});

test('trimmed mean that trims nothing says so', () => {
  const strategy = createStrategy({ name: 'fedavg', robust: 'trimmed-mean', trimFraction: 0.1 });
  const out = strategy.aggregateFit(
    1,
    global,
    [result('a', honest()), result('b', honest()), result('c', honest())],
    [],
  )!;
  assert.match(out.warnings?.[0] ?? '', /trims nothing from 3 updates/);
});
