import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type WindowMeta } from '@quakefed/seismic';
import { WindowPool } from './window-pool.js';

const LENGTH = 4;
const CHANNELS = 3;

function meta(i: number, label: 0 | 1): WindowMeta {
  return {
    stationId: 'XX.ARC.00',
    startTime: i * 5000,
    label,
    kind: label ? 'quake' : 'noise',
    labelSource: 'catalogue',
  };
}

/** A window's samples: all equal to its index, so a kept window can be told from its samples. */
const samplesOf = (i: number) => new Float32Array(LENGTH * CHANNELS).fill(i);

/** Offers windows 0..n-1 (every `positiveEvery`-th positive); returns the pool and how many windows were cut. */
function fill(
  n: number,
  maxNegatives: number,
  seed: number,
  positiveEvery = 100,
): { pool: WindowPool; cuts: number; maxHeld: number } {
  const pool = new WindowPool(maxNegatives, createRng(seed));
  let cuts = 0;
  let maxHeld = 0;
  for (let i = 0; i < n; i++) {
    pool.offer(meta(i, i % positiveEvery === 0 ? 1 : 0), () => {
      cuts++;
      return samplesOf(i);
    });
    maxHeld = Math.max(maxHeld, pool.held);
  }
  return { pool, cuts, maxHeld };
}

test('the pool keeps every positive and never holds more than maxNegatives negatives', () => {
  const { pool, maxHeld } = fill(20_000, 50, 1);
  assert.equal(pool.offered, 20_000);
  assert.equal(pool.positiveCount, 200);
  assert.equal(pool.held, 200 + 50);
  assert.equal(maxHeld, 200 + 50);
  const set = pool.toWindowSet(LENGTH, CHANNELS);
  assert.equal(set.labels.filter((l) => l === 1).length, 200);
  assert.equal(set.labels.filter((l) => l === 0).length, 50);
});

test('samples are cut only for windows that enter the pool', () => {
  const { cuts } = fill(20_000, 50, 1);
  // Positives and the first 50 negatives always enter; later negatives enter with probability 50/seen.
  assert.ok(cuts < 1000, `${cuts} windows cut`);
});

test('the kept negatives are drawn from the whole stream, not its start', () => {
  const { pool } = fill(20_000, 50, 1);
  const kept = pool
    .toWindowSet(LENGTH, CHANNELS)
    .meta!.filter((m) => m.label === 0)
    .map((m) => m.startTime / 5000);
  assert.ok(
    kept.some((i) => i >= 10_000),
    'none from the second half',
  );
  assert.ok(
    kept.some((i) => i < 10_000),
    'none from the first half',
  );
});

test('the same seed keeps the same windows; another seed keeps others', () => {
  const starts = (seed: number) =>
    fill(5000, 20, seed)
      .pool.toWindowSet(LENGTH, CHANNELS)
      .meta!.map((m) => m.startTime);
  assert.deepEqual(starts(3), starts(3));
  assert.notDeepEqual(starts(3), starts(4));
});

test('fewer negatives than the cap are all kept; the set is in time order with each window its own samples', () => {
  const { pool } = fill(30, 50, 1, 7);
  const set = pool.toWindowSet(LENGTH, CHANNELS);
  assert.equal(set.count, 30);
  assert.deepEqual(
    set.meta!.map((m) => m.startTime),
    Array.from({ length: 30 }, (_, i) => i * 5000),
  );
  for (let k = 0; k < set.count; k++) {
    assert.deepEqual(set.x.subarray(k * LENGTH * CHANNELS, (k + 1) * LENGTH * CHANNELS), samplesOf(k));
    assert.equal(set.labels[k], k % 7 === 0 ? 1 : 0);
  }
});
