import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findFlatlines, flatRuns } from './flatlines.js';
import { createRng } from '../random.js';
import type { Trace } from '../types.js';

/** Every maximal run of equal samples, sample by sample: what flatRuns must find of them. */
function runsOneByOne(x: ArrayLike<number>, minSamples: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let from = 0, i = 1; from < x.length; from = i++) {
    while (i < x.length && x[i] === x[from]) i++;
    if (i - from >= minSamples) runs.push([from, i]);
  }
  return runs;
}

test('flatRuns finds runs of identical samples at least minSamples long, ends exclusive', () => {
  const x = [0, 0, 0, 0, 1, 2, 2, 3, 5, 5, 5, 5, 5];
  assert.deepEqual(flatRuns(x, 4), [
    [0, 4],
    [8, 13],
  ]);
  assert.deepEqual(flatRuns(x, 2), [
    [0, 4],
    [5, 7],
    [8, 13],
  ]);
  assert.deepEqual(flatRuns([1, 2, 3], 2), []);
  assert.deepEqual(flatRuns([], 2), []);
});

test('findFlatlines reports zero padding and a dead stretch as gaps in epoch ms, sorted across channels', () => {
  const fs = 100;
  const live = (n: number, seed: number) =>
    Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 100 + (i % 7));
  const z = live(1000, 1);
  z.fill(0, 0, 120); // 1.2 s of zero padding at the start
  const n = live(1000, 2);
  n.fill(42, 600, 700); // 1 s dead stretch
  n.fill(42, 900, 920); // 0.2 s: shorter than the 0.5 s default, kept as data
  const trace: Trace = {
    network: 'XX',
    station: 'A',
    location: '',
    channels: ['HHZ', 'HHN'],
    sampleRate: fs,
    startTime: 1_000_000,
    data: [z, n],
    gaps: [],
  };
  assert.deepEqual(findFlatlines(trace), [
    { startTime: 1_000_000, endTime: 1_001_200 },
    { startTime: 1_006_000, endTime: 1_007_000 },
  ]);
  assert.deepEqual(findFlatlines(trace, 0.1).length, 3);
});

test('flatRuns finds what a sample-by-sample scan finds: runs of every length at every offset, NaN, ±0', () => {
  const rng = createRng(11);
  for (let trial = 0; trial < 200; trial++) {
    const x = new Float32Array(300 + Math.floor(rng.next() * 300));
    for (let i = 0; i < x.length; ) {
      // Runs of 1 to 40 samples: noise, a repeated value, NaN, or zeros of either sign.
      const length = 1 + Math.floor(rng.next() * 40);
      const kind = Math.floor(rng.next() * 4);
      const v = kind === 0 ? Number.NaN : rng.normal();
      for (let j = 0; j < length && i < x.length; j++, i++)
        x[i] = kind === 1 ? rng.normal() : kind === 3 ? (rng.next() < 0.5 ? 0 : -0) : v;
    }
    for (const minSamples of [0, 1, 2, 3, 4, 7, 10, 25]) {
      assert.deepEqual(flatRuns(x, minSamples), runsOneByOne(x, minSamples), `trial ${trial}, ${minSamples}`);
    }
  }
});
