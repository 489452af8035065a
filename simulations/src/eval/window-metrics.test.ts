import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowLevelMetrics } from './window-metrics.js';

test('a perfect ranking has PR-AUC 1 and F1 1', () => {
  const r = windowLevelMetrics([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]);
  assert.equal(r.prAuc, 1);
  assert.equal(r.bestF1, 1);
  assert.equal(r.bestThreshold, 0.8);
});

test('average precision matches a hand-computed ranking', () => {
  // Ranked labels 1,0,1,0: precision at the two positives is 1 and 2/3 -> AP = (1 + 2/3) / 2.
  const r = windowLevelMetrics([4, 3, 2, 1], [1, 0, 1, 0]);
  assert.ok(Math.abs(r.prAuc - (1 + 2 / 3) / 2) < 1e-12);
  // Best F1: threshold 2 gives P = 2/3, R = 1 -> F1 = 0.8.
  assert.ok(Math.abs(r.bestF1 - 0.8) < 1e-12);
  assert.equal(r.bestThreshold, 2);
});

test('tied scores are admitted together', () => {
  // All tied: one operating point, precision = prevalence.
  const r = windowLevelMetrics([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0]);
  assert.equal(r.prAuc, 0.25);
  assert.equal(r.prCurve.length, 1);
});

test('counts positives and negatives', () => {
  const r = windowLevelMetrics([0.1, 0.2, 0.3], [0, 1, 0]);
  assert.equal(r.positives, 1);
  assert.equal(r.negatives, 2);
});

test('no positives gives zero PR-AUC instead of NaN', () => {
  const r = windowLevelMetrics([0.1, 0.2], [0, 0]);
  assert.equal(r.prAuc, 0);
  assert.equal(r.bestF1, 0);
});

test('the stored curve is capped for plotting', () => {
  const n = 5000;
  const scores = Array.from({ length: n }, (_, i) => i / n);
  const labels = scores.map((_, i) => (i % 7 === 0 ? 1 : 0));
  assert.ok(windowLevelMetrics(scores, labels).prCurve.length <= 201);
});
