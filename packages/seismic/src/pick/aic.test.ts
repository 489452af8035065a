import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { aicOnset, windowOnsetOffsetSeconds, windowOnsetTimes } from './aic.js';
import { mergeScoreRuns } from '../score-runs.js';

/** The AIC by its definition, one split at a time (the reference the prefix-sum version must equal). */
function referenceAic(x: number[][], k: number): number {
  const variance = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
  };
  const before = x.reduce((sum, ch) => sum + variance(ch.slice(0, k)), 0);
  const after = x.reduce((sum, ch) => sum + variance(ch.slice(k)), 0);
  const n = x[0]!.length;
  return k * Math.log(Math.max(before, 1e-30)) + (n - k - 1) * Math.log(Math.max(after, 1e-30));
}

/** `channels` interleaved channels of noise with a louder segment from `onset` on (zero channels where asked). */
function window(
  length: number,
  channels: number,
  onset: number,
  gain: number,
  seed: number,
  zeroChannels: number[] = [],
): { x: Float32Array; perChannel: number[][] } {
  const rng = createRng(seed);
  const perChannel = Array.from({ length: channels }, (_, c) =>
    Array.from({ length }, (_, i) => (zeroChannels.includes(c) ? 0 : rng.normal() * (i >= onset ? gain : 1))),
  );
  const x = new Float32Array(length * channels);
  perChannel.forEach((ch, c) => ch.forEach((v, i) => (x[i * channels + c] = v)));
  return { x, perChannel: perChannel.map((ch) => Array.from(Float32Array.from(ch))) };
}

test('the prefix-sum AIC picks the split the definition picks', () => {
  for (const seed of [1, 2, 3]) {
    const { x, perChannel } = window(200, 3, 120, 1.6, seed);
    let best = 2;
    for (let k = 2; k <= 197; k++) if (referenceAic(perChannel, k) < referenceAic(perChannel, best)) best = k;
    assert.equal(aicOnset(x, 0, 200, 3, 2, 197).index, best);
  }
});

test('an onset in noise is picked within a few samples, also with silent horizontal slots', () => {
  const { x } = window(1000, 3, 430, 4, 7, [1, 2]);
  const pick = aicOnset(x, 0, 1000, 3, 50, 900);
  assert.ok(Math.abs(pick.index - 430) <= 5);
  assert.ok(pick.varianceRatio > 5, `ratio ${pick.varianceRatio}`);
});

test('the pick of a window is read from its own samples, in seconds after its start', () => {
  const a = window(1000, 3, 250, 5, 11).x;
  const b = window(1000, 3, 610, 5, 12).x;
  const both = new Float32Array(6000);
  both.set(a, 0);
  both.set(b, 3000);
  assert.ok(Math.abs(windowOnsetOffsetSeconds(both, 0, 1000, 3, 100) - 2.5) <= 0.05);
  assert.ok(Math.abs(windowOnsetOffsetSeconds(both, 1, 1000, 3, 100) - 6.1) <= 0.05);
});

test('the search span bounds the pick: an onset past it is picked at its end', () => {
  const { x } = window(1000, 3, 900, 8, 13);
  assert.equal(windowOnsetOffsetSeconds(x, 0, 1000, 3, 100, { searchSeconds: [1, 8.5] }), 8.5);
});

test('a run given onsets is dated by the earliest pick among its windows near its peak score, else by the label span', () => {
  const starts = [0, 2000, 4000, 6000, 8000];
  const scores = [0.1, 0.85, 0.9, 0.8, 0.1];
  const [run] = mergeScoreRuns(starts, scores, 0.5, { medianWindows: 1, onsets: [1000, 5100, 6300, NaN, NaN] });
  assert.equal(run!.time, 5100, 'the window below the threshold is not part of the run');
  const [later] = mergeScoreRuns(starts, scores, 0.5, { medianWindows: 1, onsets: [NaN, NaN, 6300, 5900, NaN] });
  assert.equal(later!.time, 6300, 'a pick of a window under 0.9 x the peak does not date the run');
  const [unpicked] = mergeScoreRuns(starts, scores, 0.5, { medianWindows: 1, onsets: [NaN, NaN, NaN, NaN, NaN] });
  assert.equal(unpicked!.time, 8000);
  const [plain] = mergeScoreRuns(starts, scores, 0.5, { medianWindows: 1 });
  assert.equal(plain!.time, 8000);
});

test('a weaker transient merged into an event run does not date it: the event near the peak does', () => {
  const starts = [0, 2000, 4000, 6000, 8000, 10_000];
  const scores = [0.6, 0.6, 0.55, 1, 1, 0.99];
  const [run] = mergeScoreRuns(starts, scores, 0.5, {
    medianWindows: 1,
    onsets: [1500, 2500, NaN, 12_100, 12_000, 16_000],
  });
  assert.equal(run!.time, 12_000);
});

test('a window without a clear onset gives no pick', () => {
  const { x } = window(1000, 3, 500, 1, 15);
  assert.ok(Number.isNaN(windowOnsetOffsetSeconds(x, 0, 1000, 3, 100)));
});

test('windowOnsetTimes picks the included windows only, as epoch ms', () => {
  const a = window(1000, 3, 250, 5, 21).x;
  const x = new Float32Array(6000);
  x.set(a, 0);
  x.set(a, 3000);
  const onsets = windowOnsetTimes(
    { x, count: 2, length: 1000, channels: 3, startTimes: [10_000, 12_000] },
    100,
    (i) => i === 1,
  );
  assert.ok(Number.isNaN(onsets[0]));
  assert.ok(Math.abs(onsets[1]! - 14_500) <= 50);
});
