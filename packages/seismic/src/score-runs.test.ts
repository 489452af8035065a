import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectionsFromScores, medianEvidence, mergeScoreRuns, windowEvidence, windowOnset } from './score-runs.js';
import { createRng } from './random.js';
import { WINDOW_DEFAULTS } from './defaults.js';

const WINDOW_MS = WINDOW_DEFAULTS.windowSeconds * 1000;

/** The merging and dating rules on raw window scores (the median evidence has its own tests below). */
const RAW = { medianWindows: 1 } as const;

/** Window starts every `hopSeconds` seconds, epoch ms from 0. */
const startsEvery = (hopSeconds: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => i * hopSeconds * 1000);
/** Scores of 0.9 at the given window indices, 0.1 elsewhere. */
const positivesAt = (count: number, indices: number[]): number[] =>
  Array.from({ length: count }, (_, i) => (indices.includes(i) ? 0.9 : 0.1));

test('consecutive positive windows form one run with the peak score and the span of its windows', () => {
  const starts = startsEvery(1, 20);
  const scores = starts.map((_, i) => (i >= 3 && i <= 8 ? 0.6 + i / 100 : 0.1));
  const runs = mergeScoreRuns(starts, scores, 0.5, RAW);
  assert.equal(runs.length, 1);
  assert.deepEqual(
    { ...runs[0]!, time: 0 },
    { time: 0, probability: scores[8], firstWindowStart: 3000, lastWindowEnd: 8000 + WINDOW_MS, windows: 6 },
  );
});

test('a single dip below the threshold inside an event does not split it', () => {
  const runs = mergeScoreRuns(startsEvery(1, 20), positivesAt(20, [4, 5, 7, 8]), 0.5, RAW);
  assert.deepEqual(
    runs.map((r) => r.windows),
    [4],
  );
});

test('positive windows further apart than the merge gap (by default a window less a hop) form separate runs', () => {
  const runs = mergeScoreRuns(startsEvery(1, 60), positivesAt(60, [2, 3, 3 + WINDOW_DEFAULTS.windowSeconds]), 0.5, RAW);
  assert.deepEqual(
    runs.map((r) => r.windows),
    [2, 1],
  );
});

test('adjacent windows merge whatever the hop (3 s here, more than a 2 s merge gap)', () => {
  const runs = mergeScoreRuns(startsEvery(3, 10), positivesAt(10, [4, 5, 6]), 0.5, { ...RAW, mergeGapSeconds: 2 });
  assert.deepEqual(
    runs.map((r) => r.windows),
    [3],
  );
});

test('windows on both sides of a data gap never join one run', () => {
  const afterGap = 2000 + 2 * WINDOW_MS;
  const runs = mergeScoreRuns([0, 1000, 2000, afterGap, afterGap + 1000], [0.9, 0.9, 0.9, 0.9, 0.9], 0.5, RAW);
  assert.deepEqual(
    runs.map((r) => r.windows),
    [3, 2],
  );
});

test('a NaN score is never a positive window', () => {
  assert.deepEqual(mergeScoreRuns(startsEvery(1, 3), [Number.NaN, Number.NaN, 0.1], 0.5, RAW), []);
});

test("a window's onset estimate is the middle of the label rule's P span after its start", () => {
  assert.equal(windowOnset(3000, { ...RAW, pOffsetRangeSeconds: [2, 8] }), 8000);
  assert.equal(windowOnset(3000), 7000); // default span 1–7 s
});

test('a run is dated by its highest-scoring window, not by the middle of its span', () => {
  // Windows 3–12 s positive (a long coda keeps them up); the peak is at 5 s: onset 5 + 4 s.
  const starts = startsEvery(1, 20);
  const scores = starts.map((_, i) => (i === 5 ? 0.95 : i >= 3 && i <= 12 ? 0.7 : 0.1));
  assert.deepEqual(detectionsFromScores(starts, scores, 0.5, RAW), [9000]);
});

test('windows sharing the peak score date the run by the middle of them', () => {
  // Peak 0.9 at 4 s and 8 s: best start 6 s, onset 6 + 4 s.
  const starts = startsEvery(1, 20);
  const scores = starts.map((_, i) => (i === 4 || i === 8 ? 0.9 : i >= 3 && i <= 10 ? 0.6 : 0.1));
  assert.deepEqual(detectionsFromScores(starts, scores, 0.5, RAW), [10_000]);
});

test('the onset rule follows the given label span', () => {
  const starts = startsEvery(2, 30).map((t) => t + 100_000);
  const scores = positivesAt(30, [10]);
  assert.deepEqual(detectionsFromScores(starts, scores, 0.5, { ...RAW, pOffsetRangeSeconds: [2, 8] }), [125_000]);
});

test('detectionsFromScores gives the onset of every run', () => {
  const starts = startsEvery(1, 40);
  const scores = positivesAt(40, [2, 3, 20, 21, 22]);
  assert.deepEqual(
    detectionsFromScores(starts, scores, 0.5, RAW),
    mergeScoreRuns(starts, scores, 0.5, RAW).map((r) => r.time),
  );
});

/** The median of each window and its contiguous neighbours, written out the plain way. */
function referenceEvidence(starts: number[], scores: number[], windows: number, gapMs: number): number[] {
  const half = (windows - 1) / 2;
  return scores.map((own, i) => {
    if (Number.isNaN(own)) return own;
    const around = [own];
    for (let d = 1; d <= half; d++) {
      const j = i - d;
      const ok = j >= 0 && starts.slice(j, i + 1).every((t, k, a) => k === 0 || t - a[k - 1]! <= gapMs);
      around.push(ok && !Number.isNaN(scores[j]!) ? scores[j]! : 0);
    }
    for (let d = 1; d <= half; d++) {
      const j = i + d;
      const ok = j < scores.length && starts.slice(i, j + 1).every((t, k, a) => k === 0 || t - a[k - 1]! <= gapMs);
      around.push(ok && !Number.isNaN(scores[j]!) ? scores[j]! : 0);
    }
    around.sort((a, b) => a - b);
    return Math.fround(around[half]!);
  });
}

test('median evidence matches the plain median of each window and its contiguous neighbours', () => {
  const rng = createRng(12);
  const starts: number[] = [];
  const scores: number[] = [];
  for (let i = 0, t = 0; i < 400; i++, t += rng.next() < 0.03 ? 60_000 : 2000) {
    starts.push(t);
    scores.push(rng.next() < 0.02 ? Number.NaN : Math.fround(rng.next()));
  }
  for (const windows of [1, 3, 5])
    assert.deepEqual(
      Array.from(medianEvidence(starts, scores, windows, 3000)),
      referenceEvidence(starts, scores, windows, 3000),
    );
});

test('a window alone above the threshold is no detection; two neighbours that agree are one', () => {
  const starts = startsEvery(2, 20);
  assert.deepEqual(mergeScoreRuns(starts, positivesAt(20, [7]), 0.5), []);
  const runs = mergeScoreRuns(starts, positivesAt(20, [7, 8]), 0.5);
  assert.deepEqual(
    runs.map((r) => [r.windows, r.probability]),
    [[2, Math.fround(0.9)]],
  );
});

test('a one-window dip inside an event is filled; a window past a data gap is no neighbour', () => {
  const evidence = windowEvidence(startsEvery(2, 6), [0.1, 0.9, 0.2, 0.9, 0.1, 0.1]);
  assert.equal(evidence[2], Math.fround(0.9));
  const [first, second] = Array.from(windowEvidence([0, 2000, 60_000, 62_000], [0.9, 0.9, 0.9, 0.1]));
  assert.deepEqual([first, second], [Math.fround(0.9), Math.fround(0.9)]);
  // Its neighbour before the gap counts as 0: the median of 0, 0.9 and 0.1.
  assert.equal(windowEvidence([0, 2000, 60_000, 62_000], [0.9, 0.9, 0.9, 0.1])[2], Math.fround(0.1));
});

test('the median needs two windows sharing an onset: raw scores where the hop exceeds half the label span', () => {
  const single = positivesAt(20, [7]);
  assert.deepEqual(Array.from(windowEvidence(startsEvery(4, 20), single)), single);
  assert.equal(mergeScoreRuns(startsEvery(4, 20), single, 0.5).length, 1);
  assert.equal(mergeScoreRuns(startsEvery(3, 20), single, 0.5).length, 0);
});

test('an even or fractional median width is rejected with QF_ERR_BAD_OPTIONS', () => {
  for (const medianWindows of [0, 2, 1.5])
    assert.throws(() => mergeScoreRuns(startsEvery(1, 3), [0.9, 0.9, 0.9], 0.5, { medianWindows }), {
      code: 'QF_ERR_BAD_OPTIONS',
    });
});
