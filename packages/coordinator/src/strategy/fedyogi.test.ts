import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import {
  assertParametersClose,
  assertValuesClose,
  constantParameters,
  parameterFactory,
  runServerRounds,
} from '../testing/fixtures.js';
import { createStrategy } from './factory.js';
import { FedAdam } from './fedadam.js';
import { FedYogi } from './fedyogi.js';
import type { FitResult } from './types.js';

const fit = (parameters: Parameters): FitResult => ({ clientId: 'a', parameters, numExamples: 1, metrics: {} });

/** The paper's server step on plain numbers, with a count of the steps where v shrank (v > Δ²). */
function referenceYogi(start: number[], averages: number[][], o: { eta: number; b1: number; b2: number; tau: number }) {
  const w = [...start];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  let shrank = 0;
  for (const avg of averages) {
    for (let j = 0; j < w.length; j++) {
      const d = avg[j]! - w[j]!;
      m[j] = o.b1 * m[j]! + (1 - o.b1) * d;
      if (v[j]! > d * d) shrank++;
      v[j] = v[j]! - (1 - o.b2) * d * d * Math.sign(v[j]! - d * d);
      w[j] = w[j]! + (o.eta * m[j]!) / (Math.sqrt(v[j]!) + o.tau);
    }
  }
  return { w, shrank };
}

test('FedYogi matches the paper’s update over rounds whose updates grow and shrink', () => {
  const strategy = new FedYogi({ serverLearningRate: 0.05, beta1: 0.8, beta2: 0.9, tau: 0.01 });
  // A large round, then small ones: v first grows towards Δ², then shrinks (the sign's other branch).
  const { start, averages, final } = runServerRounds(strategy, parameterFactory(11), [3, 0.1, 0.1]);
  const expected = referenceYogi(start, averages, { eta: 0.05, b1: 0.8, b2: 0.9, tau: 0.01 });
  assert.ok(expected.shrank > 0, 'the rounds exercise v > Δ²');
  assertValuesClose(final, expected.w);
});

test('a round with no update leaves Yogi’s second moment as it was, where Adam’s decays', () => {
  const options = { serverLearningRate: 1, beta1: 0.5, beta2: 0.75, tau: 1 };
  const yogi = new FedYogi(options);
  const adam = new FedAdam(options);
  // Round 1, Δ = 2: m = 1, v = 0.25·4 = 1 for both, global 0 + 1/(√1 + 1) = 0.5.
  for (const strategy of [yogi, adam]) {
    const g1 = strategy.aggregateFit(1, constantParameters(0), [fit(constantParameters(2))], [])!.parameters;
    assertParametersClose(g1, constantParameters(0.5));
  }
  // Round 2, Δ = 0: m = 0.5; Yogi keeps v = 1 (step 0.5/2), Adam decays it to 0.75 (step 0.5/(√0.75 + 1)).
  const step = (strategy: FedAdam) =>
    strategy.aggregateFit(2, constantParameters(0.5), [fit(constantParameters(0.5))], [])!.parameters;
  assertParametersClose(step(yogi), constantParameters(0.75));
  assertParametersClose(step(adam), constantParameters(0.5 + 0.5 / (Math.sqrt(0.75) + 1)));
});

test('createStrategy builds FedYogi from its name, and its checkpointed state says so', () => {
  const strategy = createStrategy({ name: 'fedyogi', beta2: 0.95, guard: null });
  assert.equal(strategy.name, 'fedyogi');
  strategy.aggregateFit(1, constantParameters(0), [fit(constantParameters(1))], []);
  const state = strategy.exportState();
  assert.equal(state.name, 'fedyogi');
  assert.deepEqual(Object.keys(state.tensors).sort(), ['m', 'v']);
});
