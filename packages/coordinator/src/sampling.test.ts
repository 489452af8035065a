import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleClients, samplingRng } from './sampling.js';

const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);

test('the same seed, round and attempt give the same sample', () => {
  const a = sampleClients(ids, 0.3, 2, samplingRng(7, 4, 1, 'fit'));
  const b = sampleClients(ids, 0.3, 2, samplingRng(7, 4, 1, 'fit'));
  assert.deepEqual(a, b);
});

test('a retry draws a fresh sample', () => {
  const attempts = [1, 2, 3, 4].map((attempt) => sampleClients(ids, 0.3, 1, samplingRng(7, 4, attempt, 'fit')).join());
  assert.ok(new Set(attempts).size > 1);
});

test('the sample size is ceil(fraction × n), at least the minimum, at most n', () => {
  const rng = samplingRng(1, 1, 1, 'fit');
  assert.equal(sampleClients(ids, 0.25, 1, rng).length, 3);
  assert.equal(sampleClients(ids, 0.1, 4, rng).length, 4);
  assert.equal(sampleClients(ids.slice(0, 2), 0.5, 4, rng).length, 2);
});

test('a sample has no duplicates and keeps input order', () => {
  const s = sampleClients(ids, 0.6, 1, samplingRng(3, 2, 1, 'evaluate'));
  assert.equal(new Set(s).size, s.length);
  assert.deepEqual(
    s,
    [...s].sort((x, y) => ids.indexOf(x) - ids.indexOf(y)),
  );
});
