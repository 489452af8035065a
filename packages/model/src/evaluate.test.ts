import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './backend.js';
import { buildModel } from './model.js';
import { evaluateModel, predictScores } from './evaluate.js';
import { standInWindows } from './testing/synthetic_windows.js';

await initBackend('wasm-qf');

const config = { windowLength: 200, filters: [4, 8, 8], seed: 3 };
const data = standInWindows({ count: 70, length: 200, channels: 3, positiveRate: 0.3, seed: 5 });

test('predictScores equals sigmoid of the model output, whatever the batch size', async () => {
  const model = buildModel(config);
  const expected = tf.tidy(() => tf.sigmoid(model.predict(tf.tensor3d(data.x, [70, 200, 3])) as tf.Tensor).dataSync());
  const scores = await predictScores(model, data.x, data.count, 16);
  assert.equal(scores.length, 70);
  scores.forEach((s, i) => assert.ok(Math.abs(s - expected[i]!) < 1e-6));
});

test('evaluateModel counts every window once in the confusion counts and the histogram', async () => {
  const result = await evaluateModel(buildModel(config), data, { batchSize: 32 });
  const { tp, fp, fn, tn } = result.confusion;
  const positives = data.labels.reduce((n, l) => n + l, 0);
  assert.equal(tp + fn, positives);
  assert.equal(fp + tn, 70 - positives);
  assert.equal(
    result.histogram.positive.reduce((a, b) => a + b, 0),
    positives,
  );
  assert.equal(
    result.histogram.negative.reduce((a, b) => a + b, 0),
    70 - positives,
  );
  assert.equal(result.numExamples, 70);
  assert.ok(Number.isFinite(result.loss) && result.loss > 0);
});

test('evaluateModel applies the threshold and bin count it is given', async () => {
  const result = await evaluateModel(buildModel(config), data, { threshold: 0, bins: 10 });
  assert.equal(result.confusion.tn + result.confusion.fn, 0);
  assert.equal(result.histogram.bins, 10);
});

test('evaluateModel loss is the mean BCE when asked for BCE', async () => {
  const model = buildModel(config);
  const scores = await predictScores(model, data.x, data.count);
  let expected = 0;
  scores.forEach((p, i) => (expected -= Math.log(data.labels[i] ? p : 1 - p)));
  const result = await evaluateModel(model, data, { loss: 'bce' });
  assert.ok(Math.abs(result.loss - expected / 70) < 1e-4);
});

test('predictScores rejects data that does not match count × window', async () => {
  await assert.rejects(predictScores(buildModel(config), data.x, 71), { code: 'QF_ERR_BAD_DATA' });
});
