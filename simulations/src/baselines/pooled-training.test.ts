import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitTask } from '@quakefed/client';
import type { WindowSet } from '@quakefed/seismic';
import { CONVERGENCE } from '../defaults.js';
import { resolveScenario } from '../scenario.js';
import { trainConverged } from './pooled-training.js';

/** One positive among four validation windows. */
const validation: WindowSet = {
  x: new Float32Array(4),
  labels: Uint8Array.from([1, 0, 0, 0]),
  count: 4,
  length: 1,
  channels: 1,
};
const data: WindowSet = { x: new Float32Array(10), labels: new Uint8Array(10), count: 10, length: 1, channels: 1 };

/**
 * A pool whose "weights" are the epochs trained so far, and whose validation PR-AUC after `e` epochs
 * is `prAucAt(e)` (1 when the positive ranks first, ½ second, ¼ last).
 */
function fakePool(prAucAt: (epochs: number) => 1 | 0.5 | 0.25) {
  const fits: number[] = [];
  const rank = { 1: 0, 0.5: 1, 0.25: 3 } as const;
  return {
    fits,
    async fit(task: FitTask) {
      const epochs = task.parameters[0]!.data[0]! + task.options.epochs;
      fits.push(task.options.epochs);
      return {
        parameters: [{ name: 'epochs', shape: [1], data: Float32Array.of(epochs) }],
        numExamples: task.data.count,
        metrics: {},
      };
    },
    async predict(parameters: { data: Float32Array }[]) {
      const scores = Float32Array.of(0.9, 0.8, 0.7, 0.6);
      const r = rank[prAucAt(parameters[0]!.data[0]!)];
      [scores[0], scores[r]] = [scores[r]!, scores[0]!];
      return scores;
    },
  };
}

const initial = [{ name: 'epochs', shape: [1], data: Float32Array.of(0) }];

test('the converged baseline stops after the patience without a better validation PR-AUC and keeps the best weights', async () => {
  const s = resolveScenario({ baselines: { convergedMaxEpochs: 100 } });
  const best = 2 * CONVERGENCE.epochsPerCheck;
  const pool = fakePool((e) => (e === best ? 1 : e < best ? 0.5 : 0.25));
  const out = await trainConverged(s, pool, { data, negativesPerEpoch: undefined }, validation, initial, 'focal');
  assert.equal(out.parameters[0]!.data[0], best);
  assert.equal(out.trainingWindows, best * data.count);
  assert.equal(
    pool.fits.reduce((a, b) => a + b, 0),
    best + CONVERGENCE.patienceChecks * CONVERGENCE.epochsPerCheck,
  );
});

test('the converged baseline never trains past its epoch cap', async () => {
  const s = resolveScenario({ baselines: { convergedMaxEpochs: 3 } });
  const pool = fakePool(() => 1);
  const out = await trainConverged(s, pool, { data, negativesPerEpoch: undefined }, validation, initial, 'focal');
  assert.equal(
    pool.fits.reduce((a, b) => a + b, 0),
    3,
  );
  assert.match(out.note ?? '', /stopped at the 3-epoch cap/);
});
