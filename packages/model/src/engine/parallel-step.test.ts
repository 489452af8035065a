import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend.js';
import { buildModel } from '../model.js';
import { getParameters } from '../parameters.js';
import { standInWindows } from '../testing/synthetic_windows.js';
import { trainLocal } from '../train.js';
import type { TrainOptions, TrainResult } from '../types.js';
import { helperShare, trainerShare } from './parallel-step.js';

await initBackend('wasm-qf');

const config = { windowLength: 120, filters: [8, 12, 16] };
const data = standInWindows({ count: 75, length: 120, channels: 3, positiveRate: 0.25, seed: 31 });

function maxDifference(a: TrainResult, b: TrainResult): number {
  let max = 0;
  a.parameters.forEach((p, t) =>
    p.data.forEach((v, i) => {
      max = Math.max(max, Math.abs(v - b.parameters[t]!.data[i]!));
    }),
  );
  return max;
}

async function oneAndMany(threads: number, options: Partial<TrainOptions>): Promise<[TrainResult, TrainResult]> {
  const single = await trainLocal(buildModel(config), data, { ...options, engine: 'fused' });
  const shared = await trainLocal(buildModel(config), data, { ...options, engine: 'fused', threads });
  return [single, shared];
}

test('two threads train to the weights and losses of one (Adam, focal)', async () => {
  const [single, shared] = await oneAndMany(2, { epochs: 2, batchSize: 16, seed: 1 });
  // The same gradients, combined from two half-batch means: they differ by float32 rounding only.
  assert.ok(maxDifference(single, shared) < 1e-6, `max weight difference ${maxDifference(single, shared)}`);
  assert.ok(Math.abs(single.metrics.loss! - shared.metrics.loss!) < 1e-6 * single.metrics.loss!);
  assert.equal(shared.metrics.steps, single.metrics.steps);
});

test('three threads with uneven shares, FedProx, clipping and SGD momentum train to the weights of one', async () => {
  const global = getParameters(buildModel({ ...config, seed: 8 }));
  const [single, shared] = await oneAndMany(3, {
    batchSize: 7, // 75 windows: shares of 3, 3 and 1, and a last batch of 5 (shares 2, 2, 1)
    optimizer: 'sgd',
    momentum: 0.9,
    learningRate: 0.02,
    clipNorm: 1,
    proxMu: 0.5,
    globalParameters: global,
    seed: 2,
  });
  assert.ok(maxDifference(single, shared) < 1e-6, `max weight difference ${maxDifference(single, shared)}`);
});

test('more threads than windows in a batch leave the extra threads idle', async () => {
  const [single, shared] = await oneAndMany(8, { batchSize: 4, seed: 3, optimizer: 'sgd', learningRate: 0.01 });
  assert.ok(maxDifference(single, shared) < 1e-6, `max weight difference ${maxDifference(single, shared)}`);
});

test('the trainer takes one window less than an even split, and the shares cover every batch', () => {
  assert.deepEqual([trainerShare(32, 2), helperShare(32, 2)], [15, 17]);
  assert.deepEqual([trainerShare(7, 3), helperShare(7, 3)], [1, 3]);
  assert.deepEqual([trainerShare(1, 4), helperShare(1, 4)], [1, 0]);
  assert.deepEqual([trainerShare(9, 1), helperShare(9, 1)], [9, 0]);
  for (let threads = 2; threads <= 4; threads++) {
    for (let n = 1; n <= 40; n++) {
      assert.ok(trainerShare(n, threads) + (threads - 1) * helperShare(n, threads) >= n, `${n} windows, ${threads}`);
      // A helper configured for the run's batch size holds the share of every smaller batch.
      assert.ok(helperShare(n, threads) <= helperShare(40, threads), `${n} windows, ${threads}`);
    }
  }
});

test('a thread count that is not a positive integer is rejected', async () => {
  await assert.rejects(trainLocal(buildModel(config), data, { threads: 0 }), { code: 'QF_ERR_BAD_OPTIONS' });
  await assert.rejects(trainLocal(buildModel(config), data, { threads: 1.5 }), { code: 'QF_ERR_BAD_OPTIONS' });
});
