import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  makeStationPopulation,
  type LabelledWindowOptions,
  type StationProfile,
  type WindowSet,
} from '@quakefed/seismic';
import { CachedSynthesizer } from './window-cache.js';

const [a, b] = makeStationPopulation(2, 5, {}) as [StationProfile, StationProfile];

/** Synthesizes `count` one-sample windows valued by the seed (100 bytes + count bytes each); counts calls. */
function counting(fail = new Set<number>()): {
  calls: number;
  labelledWindows(p: StationProfile, o: LabelledWindowOptions): Promise<WindowSet>;
} {
  const synth = {
    calls: 0,
    async labelledWindows(_p: StationProfile, o: LabelledWindowOptions): Promise<WindowSet> {
      synth.calls++;
      if (fail.has(o.seed)) throw new Error('synthesis failed');
      const count = o.count!;
      return { x: new Float32Array(25).fill(o.seed), labels: new Uint8Array(count), count, length: 1, channels: 1 };
    },
  };
  return synth;
}

const opts = (seed: number): LabelledWindowOptions => ({ count: 4, imbalance: 1e12, seed });

test('a set asked for again is served from the cache, and another station or seed is not', async () => {
  const synth = counting();
  const cache = new CachedSynthesizer(synth, 10_000);
  const first = await cache.labelledWindows(a, opts(1));
  assert.equal(await cache.labelledWindows(a, opts(1)), first);
  await cache.labelledWindows(b, opts(1));
  await cache.labelledWindows(a, opts(2));
  assert.equal(synth.calls, 3);
  assert.equal(cache.bytes, 3 * 104);
});

test('past its budget the least recently used set goes, and is made again (the same) when asked for', async () => {
  const synth = counting();
  const cache = new CachedSynthesizer(synth, 2 * 104);
  const one = await cache.labelledWindows(a, opts(1));
  await cache.labelledWindows(a, opts(2));
  await cache.labelledWindows(a, opts(1)); // 1 is now the most recently used
  await cache.labelledWindows(a, opts(3)); // evicts 2
  assert.equal(synth.calls, 3);
  assert.equal(cache.bytes, 2 * 104);
  await cache.labelledWindows(a, opts(1));
  assert.equal(synth.calls, 3, 'set 1 stayed');
  const again = await cache.labelledWindows(a, opts(2));
  assert.equal(synth.calls, 4, 'set 2 was made again');
  assert.deepEqual(again.x, new Float32Array(25).fill(2));
  assert.notEqual(again, one);
});

test('a failed synthesis is not cached: the next request tries again', async () => {
  const synth = counting(new Set([7]));
  const cache = new CachedSynthesizer(synth, 10_000);
  await assert.rejects(cache.labelledWindows(a, opts(7)), /synthesis failed/);
  await assert.rejects(cache.labelledWindows(a, opts(7)), /synthesis failed/);
  assert.equal(synth.calls, 2);
  assert.equal(cache.bytes, 0);
});

test('clear drops every set held: nothing is counted, and a set asked for again is made again', async () => {
  const synth = counting();
  const cache = new CachedSynthesizer(synth, 10_000);
  await cache.labelledWindows(a, opts(1));
  await cache.labelledWindows(b, opts(2));
  cache.clear();
  assert.equal(cache.bytes, 0);
  await cache.labelledWindows(a, opts(1));
  assert.equal(synth.calls, 3);
  assert.equal(cache.bytes, 104);
});
