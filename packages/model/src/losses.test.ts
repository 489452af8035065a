import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './backend.js';
import { balancedPositiveWeight, bceLoss, focalLoss, lossFunction, weightedBceLoss } from './losses.js';
import type { LossFn } from './losses.js';

await initBackend('cpu');

const ALPHA = 0.25;
const GAMMA = 2;

/** Loss of a single (logit, label) pair. */
function lossOf(fn: LossFn, logit: number, label: number): number {
  return tf.tidy(() => fn(tf.tensor2d([[logit]]), tf.tensor2d([[label]])).dataSync()[0]!);
}

/** d loss / d logit for a single pair, by autodiff. */
function gradOf(fn: LossFn, logit: number, label: number): number {
  return tf.tidy(
    () =>
      tf
        .grad((z: tf.Tensor) => fn(z, tf.tensor2d([[label]])))(tf.tensor2d([[logit]]))
        .dataSync()[0]!,
  );
}

const focal: LossFn = (z, y) => focalLoss(z, y, ALPHA, GAMMA);
const weighted3: LossFn = (z, y) => weightedBceLoss(z, y, 3);

test('BCE matches hand-computed values', () => {
  assert.ok(Math.abs(lossOf(bceLoss, 0, 1) - Math.LN2) < 1e-6);
  assert.ok(Math.abs(lossOf(bceLoss, 2, 0) - 2.126928011) < 1e-5);
  assert.ok(Math.abs(lossOf(bceLoss, -1, 1) - 1.313261688) < 1e-5);
});

test('focal loss matches hand-computed values (α 0.25, γ 2)', () => {
  assert.ok(Math.abs(lossOf(focal, 0, 1) - 0.0433216988) < 1e-6);
  assert.ok(Math.abs(lossOf(focal, 2, 0) - 1.2375586346) < 1e-5);
  assert.ok(Math.abs(lossOf(focal, -1, 1) - 0.1754670759) < 1e-5);
});

test('class-weighted BCE weighs positives by the given weight', () => {
  assert.ok(Math.abs(lossOf(weighted3, -1, 1) - 3.9397850625) < 1e-5);
  assert.ok(Math.abs(lossOf(weighted3, 2, 0) - 2.126928011) < 1e-5);
});

test('focal loss with γ = 0 equals α-weighted BCE', () => {
  const focal0: LossFn = (z, y) => focalLoss(z, y, ALPHA, 0);
  for (const [z, y] of [
    [-3, 1],
    [0.5, 1],
    [1.5, 0],
    [-2, 0],
  ] as const) {
    const weight = y === 1 ? ALPHA : 1 - ALPHA;
    assert.ok(Math.abs(lossOf(focal0, z, y) - weight * lossOf(bceLoss, z, y)) < 1e-6);
  }
});

test('losses and gradients stay finite at logits ±1e4', () => {
  for (const fn of [focal, bceLoss, weighted3]) {
    for (const z of [-1e4, 1e4]) {
      for (const y of [0, 1]) {
        assert.ok(Number.isFinite(lossOf(fn, z, y)), `loss z=${z} y=${y}`);
        assert.ok(Number.isFinite(gradOf(fn, z, y)), `grad z=${z} y=${y}`);
      }
    }
  }
  // A confidently wrong logit costs about |z| (times α_t for focal), a confidently right one ~0.
  assert.ok(Math.abs(lossOf(bceLoss, -1e4, 1) - 1e4) < 1);
  assert.ok(lossOf(focal, 1e4, 1) < 1e-6);
});

test('gradients match central finite differences', () => {
  const h = 1e-2;
  for (const fn of [focal, bceLoss, weighted3]) {
    for (const [z, y] of [
      [-2.5, 1],
      [-0.3, 0],
      [0.7, 1],
      [3, 0],
    ] as const) {
      const numeric = (lossOf(fn, z + h, y) - lossOf(fn, z - h, y)) / (2 * h);
      const analytic = gradOf(fn, z, y);
      assert.ok(
        Math.abs(numeric - analytic) <= 2e-3 * Math.max(1, Math.abs(analytic)),
        `z=${z} y=${y}: ${numeric} vs ${analytic}`,
      );
    }
  }
});

test('losses average over the batch', () => {
  const mean = tf.tidy(() => bceLoss(tf.tensor2d([[0], [2]]), tf.tensor2d([[1], [0]])).dataSync()[0]!);
  assert.ok(Math.abs(mean - (Math.LN2 + 2.126928011) / 2) < 1e-5);
});

test('weighted BCE defaults to the negative/positive ratio of the labels', () => {
  assert.equal(balancedPositiveWeight([1, 0, 0, 0, 0]), 4);
  assert.equal(balancedPositiveWeight([0, 0]), 1);
  const fn = lossFunction({ loss: 'weighted-bce', focalAlpha: ALPHA, focalGamma: GAMMA }, [1, 0, 0, 0]);
  assert.ok(Math.abs(lossOf(fn, -1, 1) - 3.9397850625) < 1e-5);
});

test('lossFunction rejects focal parameters out of range', () => {
  assert.throws(() => lossFunction({ loss: 'focal', focalAlpha: 1.5, focalGamma: 2 }, []), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});
