import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { averagePrecision, createRng, makeLabelledWindows, makeStationProfile } from '@quakefed/seismic';
import { initBackend } from './backend.js';
import { buildModel } from './model.js';
import { getParameters } from './parameters.js';
import { classBalancedOrder, shuffledOrder } from './batches.js';
import { predictScores } from './evaluate.js';
import { trainLocal } from './train.js';
import { standInWindows } from './testing/synthetic_windows.js';

await initBackend('wasm-qf');

const config = { windowLength: 200, filters: [8, 8, 16, 16] };
const windows = (count: number, seed: number) =>
  standInWindows({ count, length: 200, channels: 3, positiveRate: 0.15, seed });
const train = windows(480, 1);
const heldOut = windows(240, 2);

const distance = (a: Float32Array, b: Float32Array): number => Math.hypot(...a.map((v, i) => v - b[i]!));

test('training reduces the loss and separates quake from noise windows', async () => {
  const model = buildModel(config);
  const before = averagePrecision(await predictScores(model, heldOut.x, heldOut.count), heldOut.labels);
  const result = await trainLocal(model, train, { epochs: 4, learningRate: 3e-3, seed: 1 });
  const after = averagePrecision(await predictScores(model, heldOut.x, heldOut.count), heldOut.labels);
  const positiveRate = heldOut.labels.reduce((n, l) => n + l, 0) / heldOut.count;
  assert.ok(result.metrics.loss_epoch_4! < result.metrics.loss_epoch_1!, JSON.stringify(result.metrics));
  assert.ok(after > 0.9 && after > 3 * positiveRate, `PR-AUC ${before} → ${after}, positive rate ${positiveRate}`);
  assert.equal(result.numExamples, 480);
  assert.equal(result.metrics.steps, 4 * 15);
  assert.ok(result.metrics.windows_per_s! > 0);
});

test("training on the seismic package's synthetic station windows lifts PR-AUC well above the positive rate", async () => {
  // Realistic synthetic windows (noise model, Brune-spectrum quakes at minimum SNR, hard negatives):
  // harder than the stand-in, so the bar is lower — but it must clearly beat chance.
  const profile = makeStationProfile();
  const options = { windowSeconds: 4, imbalance: 4, pOffsetRangeSeconds: [0.5, 3] as const };
  const station = makeLabelledWindows(profile, { ...options, count: 600, seed: 1 });
  const stationTest = makeLabelledWindows(profile, { ...options, count: 300, seed: 2 });
  const model = buildModel({ windowLength: station.length, filters: [8, 8, 16, 16, 32, 32] });
  const before = averagePrecision(await predictScores(model, stationTest.x, stationTest.count), stationTest.labels);
  await trainLocal(model, station, { epochs: 12, learningRate: 3e-3, seed: 1 });
  const after = averagePrecision(await predictScores(model, stationTest.x, stationTest.count), stationTest.labels);
  const positiveRate = stationTest.labels.reduce((n, l) => n + l, 0) / stationTest.count;
  assert.ok(
    after > 1.8 * positiveRate && after > before + 0.15,
    `PR-AUC ${before} → ${after}, positive rate ${positiveRate}`,
  );
});

test('returned parameters are the model weights after training', async () => {
  const model = buildModel(config);
  const result = await trainLocal(model, train, { epochs: 1, seed: 2 });
  assert.deepEqual(result.parameters, getParameters(model));
});

test('training is deterministic for a seed', async () => {
  const a = await trainLocal(buildModel(config), train, { epochs: 1, seed: 3 });
  const b = await trainLocal(buildModel(config), train, { epochs: 1, seed: 3 });
  assert.deepEqual(a.parameters, b.parameters);
});

test('repeated training leaves no tensors behind', async () => {
  const model = buildModel(config);
  await trainLocal(model, train, { epochs: 1, seed: 4 });
  const tensors = tf.memory().numTensors;
  await trainLocal(model, train, { epochs: 1, seed: 5, optimizer: 'sgd', loss: 'bce' });
  await trainLocal(model, train, { epochs: 1, seed: 6, proxMu: 0.1, globalParameters: getParameters(model) });
  assert.equal(tf.memory().numTensors, tensors);
});

test('FedProx anchors that do not match the model are rejected without leaking tensors', async () => {
  const model = buildModel(config);
  const tensors = tf.memory().numTensors;
  const global = getParameters(model).slice(0, -1); // the output bias is missing
  await assert.rejects(trainLocal(model, train, { proxMu: 0.1, globalParameters: global }), {
    code: 'QF_ERR_BAD_PARAMETERS',
  });
  assert.equal(tf.memory().numTensors, tensors);
});

test('a large FedProx μ keeps the weights close to the global model', async () => {
  const global = getParameters(buildModel(config));
  const free = buildModel(config);
  const prox = buildModel(config);
  const opts = { epochs: 1, learningRate: 1e-2, optimizer: 'sgd' as const, seed: 7 };
  const freeResult = await trainLocal(free, train, opts);
  const proxResult = await trainLocal(prox, train, { ...opts, proxMu: 50, globalParameters: global });
  const moved = (params: typeof global) => distance(params[2]!.data, global[2]!.data);
  assert.ok(moved(proxResult.parameters) < 0.5 * moved(freeResult.parameters));
});

test('class-balanced order draws quakes about half the time', () => {
  const labels = new Uint8Array(1000);
  for (let i = 0; i < 50; i++) labels[i * 20] = 1;
  const order = classBalancedOrder(labels, createRng(8));
  const quakes = order.reduce((n, i) => n + labels[i]!, 0);
  assert.equal(order.length, 1000);
  assert.ok(quakes > 430 && quakes < 570, `${quakes} quake draws`);
});

test('shuffled order is a seeded permutation', () => {
  const a = shuffledOrder(100, createRng(9));
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(a, shuffledOrder(100, createRng(9)));
  assert.notDeepEqual(a, shuffledOrder(100, createRng(10)));
});

test('class-balanced training runs and reports the dataset size', async () => {
  const result = await trainLocal(buildModel(config), train, { epochs: 1, classBalanced: true, seed: 11 });
  assert.equal(result.numExamples, 480);
  assert.ok(Number.isFinite(result.metrics.loss));
});

test('windows that do not fit the model are rejected', async () => {
  const wrong = standInWindows({ count: 4, length: 100, channels: 3, positiveRate: 0.5, seed: 12 });
  await assert.rejects(trainLocal(buildModel(config), wrong), { code: 'QF_ERR_BAD_DATA' });
});

for (const engine of ['fused', 'graph'] as const) {
  test(`weight averaging (${engine}) ends on the mean of the epoch-end weights it names`, async () => {
    // Epoch 1 of a 2-epoch run is a 1-epoch run (same seed: the same first shuffle), so the
    // averaged 2-epoch run must end on the mean of a 1-epoch and a 2-epoch run's weights.
    const opts = { learningRate: 1e-2, optimizer: 'sgd' as const, momentum: 0.9, seed: 13, engine };
    const one = (await trainLocal(buildModel(config), train, { ...opts, epochs: 1 })).parameters;
    const two = (await trainLocal(buildModel(config), train, { ...opts, epochs: 2 })).parameters;
    const averaged = await trainLocal(buildModel(config), train, { ...opts, epochs: 2, averageFromEpoch: 1 });
    assert.equal(averaged.metrics.averaged_epochs, 2);
    averaged.parameters.forEach((p, t) => {
      assert.notDeepEqual(one[t]!.data, two[t]!.data, `${p.name} moved in epoch 2`);
      p.data.forEach((v, i) => {
        const mean = (one[t]!.data[i]! + two[t]!.data[i]!) / 2;
        assert.ok(Math.abs(v - mean) <= 1e-6 * Math.max(1, Math.abs(mean)), `${p.name}[${i}]: ${v} vs ${mean}`);
      });
    });
    const last = await trainLocal(buildModel(config), train, { ...opts, epochs: 2, averageFromEpoch: 2 });
    assert.deepEqual(last.parameters, two, 'averaging the last epoch alone is the last weights');
  });
}

test('under mining each epoch trains on every positive and negativesPerEpoch negatives', async () => {
  const positives = train.labels.reduce((n, l) => n + l, 0);
  const opts = { epochs: 2, batchSize: 16, negativesPerEpoch: 96, hardNegativeShare: 0.25, seed: 14 };
  const result = await trainLocal(buildModel(config), train, opts);
  assert.equal(result.numExamples, positives + 96);
  assert.equal(result.metrics.steps, 2 * Math.ceil((positives + 96) / 16));
  await assert.rejects(trainLocal(buildModel(config), train, { ...opts, classBalanced: true }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});

test('mining picks the same windows on either engine (epoch 2 is scored with the weights epoch 1 ended on)', async () => {
  const opts = { epochs: 3, learningRate: 1e-2, optimizer: 'sgd' as const, momentum: 0.9, seed: 15 };
  const mined = { ...opts, negativesPerEpoch: 64, hardNegativeShare: 1 };
  const [fused, graph] = await Promise.all(
    (['fused', 'graph'] as const).map(
      async (engine) => (await trainLocal(buildModel(config), train, { ...mined, engine })).parameters,
    ),
  );
  fused!.forEach((p, t) =>
    p.data.forEach((v, i) => {
      const w = graph![t]!.data[i]!;
      assert.ok(Math.abs(v - w) <= 1e-3 * Math.max(1, Math.abs(w)), `${p.name}[${i}]: ${v} vs ${w}`);
    }),
  );
});
