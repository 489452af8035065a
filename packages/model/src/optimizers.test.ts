import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './backend.js';
import { AdamArrayOptimizer, SgdArrayOptimizer, clipGradientNorm, optimizerStep } from './optimizers.js';
import type { ArrayOptimizer } from './optimizers.js';
import { randomValues, relativeError } from './testing/parity.js';

await initBackend('cpu');

const target = randomValues(12, 1);
/** A small least-squares problem: ‖w ⊙ a − target‖² summed, w of shape [3, 4]. */
const a = randomValues(12, 2);
const lossOf = (w: tf.Variable) => () =>
  tf.sum(tf.squaredDifference(tf.mul(w, tf.tensor2d(a, [3, 4])), tf.tensor2d(target, [3, 4]))) as tf.Scalar;

/** Weights after `steps` steps of ours and of the tfjs optimizer, from the same start. */
function compare(
  ours: ArrayOptimizer,
  theirs: tf.Optimizer,
  steps: number,
): { mine: Float32Array; reference: Float32Array } {
  const start = randomValues(12, 3);
  const w1 = tf.variable(tf.tensor2d(start, [3, 4]));
  const w2 = tf.variable(tf.tensor2d(start, [3, 4]));
  for (let i = 0; i < steps; i++) {
    optimizerStep(ours, [w1], lossOf(w1));
    tf.tidy(() => {
      theirs.minimize(lossOf(w2), false, [w2]);
    });
  }
  const result = { mine: w1.dataSync() as Float32Array, reference: w2.dataSync() as Float32Array };
  tf.dispose([w1, w2]);
  theirs.dispose();
  return result;
}

test('array Adam follows tf.train.adam step for step', () => {
  const { mine, reference } = compare(new AdamArrayOptimizer(0.05), tf.train.adam(0.05), 5);
  assert.ok(relativeError(mine, reference) < 1e-5, `relative error ${relativeError(mine, reference)}`);
});

test('array SGD follows tf.train.sgd step for step', () => {
  const { mine, reference } = compare(new SgdArrayOptimizer(0.01), tf.train.sgd(0.01), 5);
  assert.ok(relativeError(mine, reference) < 1e-5, `relative error ${relativeError(mine, reference)}`);
});

test('array SGD with momentum follows tf.train.momentum step for step', () => {
  const { mine, reference } = compare(new SgdArrayOptimizer(0.01, 0.9), tf.train.momentum(0.01, 0.9), 6);
  assert.ok(relativeError(mine, reference) < 1e-5, `relative error ${relativeError(mine, reference)}`);
  const plain = compare(new SgdArrayOptimizer(0.01), tf.train.sgd(0.01), 6).mine;
  assert.ok(relativeError(mine, plain) > 1e-3, 'momentum changes the trajectory');
});

test('optimizerStep returns the loss before the update and leaves no tensors', () => {
  const w = tf.variable(tf.zeros([3, 4]));
  const before = tf.memory().numTensors;
  const loss = optimizerStep(new SgdArrayOptimizer(0.01), [w], lossOf(w));
  assert.ok(Math.abs(loss - target.reduce((s, t) => s + t * t, 0)) < 1e-4);
  assert.equal(tf.memory().numTensors, before);
  w.dispose();
});

test('clipGradientNorm scales gradients above the bound to it, across tensors, and leaves smaller ones alone', () => {
  const big = [Float32Array.from([3, 0]), Float32Array.from([0, 4])];
  assert.equal(clipGradientNorm(big, 1), 5);
  assert.deepEqual(Array.from(big[0]!), [0.6000000238418579, 0]);
  assert.ok(Math.abs(Math.hypot(...big[0]!, ...big[1]!) - 1) < 1e-6);
  const small = [Float32Array.from([0.3, 0.4])];
  assert.ok(Math.abs(clipGradientNorm(small, 1) - 0.5) < 1e-6);
  assert.deepEqual(Array.from(small[0]!), [0.30000001192092896, 0.4000000059604645]);
});

test('a clipped SGD step moves the weights by at most lr × clipNorm', () => {
  const w = tf.variable(tf.zeros([3, 4]));
  const before = Float32Array.from(w.dataSync());
  optimizerStep(new SgdArrayOptimizer(0.1), [w], lossOf(w), 0.5);
  const after = w.dataSync();
  const moved = Math.hypot(...Array.from(after, (v, i) => v - before[i]!));
  assert.ok(Math.abs(moved - 0.05) < 1e-6, `moved ${moved}`);
  w.dispose();
});
