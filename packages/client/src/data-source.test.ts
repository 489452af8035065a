import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WindowSet } from '@quakefed/seismic';
import { applyBudget, budgetIndices } from './data-source.js';

/** 100 windows of 2 samples × 1 channel, window i holds the value i; every 10th is positive. */
function windowSet(): WindowSet {
  const count = 100;
  const x = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = i;
    labels[i] = i % 10 === 0 ? 1 : 0;
  }
  return { x, labels, count, length: 2, channels: 1 };
}

const budget = { maxWindows: 30, minNegatives: 5, seed: 7, miningCandidates: 1 };

test('a round keeps every positive and fills the budget with negatives', () => {
  const set = applyBudget(windowSet(), 1, budget);
  assert.equal(set.count, 30);
  assert.equal(
    set.labels.reduce((a, b) => a + b, 0),
    10,
  );
});

test('budgeted windows carry their own samples and labels', () => {
  const set = applyBudget(windowSet(), 1, budget);
  for (let k = 0; k < set.count; k++) {
    const i = set.x[2 * k]!;
    assert.equal(set.labels[k], i % 10 === 0 ? 1 : 0);
  }
});

test('the same round and seed select the same windows; another round selects others', () => {
  const labels = windowSet().labels;
  assert.deepEqual(budgetIndices(labels, 3, budget), budgetIndices(labels, 3, budget));
  assert.notDeepEqual(budgetIndices(labels, 3, budget), budgetIndices(labels, 4, budget));
});

test('negatives never drop below minNegatives, even when positives exhaust the budget', () => {
  const indices = budgetIndices(windowSet().labels, 1, {
    maxWindows: 8,
    minNegatives: 5,
    seed: 1,
    miningCandidates: 1,
  });
  assert.equal(indices.length, 15);
});

test('a set smaller than the budget is used whole', () => {
  assert.equal(
    budgetIndices(windowSet().labels, 1, { maxWindows: 1000, minNegatives: 0, seed: 1, miningCandidates: 1 }).length,
    100,
  );
});
