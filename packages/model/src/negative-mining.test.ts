import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '@quakefed/seismic';
import { epochWindows } from './negative-mining.js';

/** 200 windows, every tenth a positive; scores a seeded shuffle of distinct values. */
const labels = Uint8Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0));
const scores = Float32Array.from({ length: 200 }, (_, i) => ((i * 7919) % 200) / 200);
const negatives = [...labels.keys()].filter((i) => !labels[i]);

/** The simple reference: negatives by score, highest first (ties to the lower index). */
const byScore = negatives.slice().sort((a, b) => scores[b]! - scores[a]! || a - b);

test('an epoch keeps every positive, the hardest share of its negatives and a random rest, once each', () => {
  const chosen = Array.from(epochWindows(labels, scores, 40, 0.25, createRng(1)));
  assert.deepEqual(
    chosen,
    chosen.slice().sort((a, b) => a - b),
    'in index order',
  );
  assert.equal(new Set(chosen).size, chosen.length, 'no window twice');
  const positives = chosen.filter((i) => labels[i]);
  const picked = chosen.filter((i) => !labels[i]);
  assert.equal(positives.length, 20);
  assert.equal(picked.length, 40);
  const hard = byScore.slice(0, 10);
  assert.ok(
    hard.every((i) => picked.includes(i)),
    'the 10 highest-scoring negatives are all in',
  );
  // The other 30 are a seeded draw from the remaining 170, not the next-highest ones.
  assert.notDeepEqual(picked.filter((i) => !hard.includes(i)).sort(), byScore.slice(10, 40).sort());
  assert.deepEqual(epochWindows(labels, scores, 40, 0.25, createRng(1)), Uint32Array.from(chosen), 'seeded');
});

test('a hard share of 1 is the top of the ranking; 0 needs no scores', () => {
  const top = Array.from(epochWindows(labels, scores, 30, 1, createRng(2))).filter((i) => !labels[i]);
  assert.deepEqual(
    top,
    byScore.slice(0, 30).sort((a, b) => a - b),
  );
  const random = epochWindows(labels, null, 30, 0, createRng(2));
  assert.equal(random.length, 20 + 30);
  assert.throws(() => epochWindows(labels, null, 30, 0.5, createRng(2)), RangeError);
});

test('asking for more negatives than the data holds trains on all of them', () => {
  assert.equal(epochWindows(labels, scores, 10_000, 0.25, createRng(3)).length, 200);
});
