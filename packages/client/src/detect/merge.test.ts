import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeDetections, type WindowGeometry } from './merge.js';

const g: WindowGeometry = { windowMs: 10_000, hopMs: 1000, onsetMinOffsetMs: 2000, onsetMaxOffsetMs: 8000 };
const stream = { network: 'XX', station: 'STA', location: '00', channel: 'HHZ' };
const starts = Array.from({ length: 20 }, (_, i) => i * 1000);

test('consecutive positive windows merge into one detection with the peak of their median evidence', () => {
  const scores = starts.map((_, i) => (i >= 3 && i <= 8 ? 0.6 + i / 100 : 0.1));
  const d = mergeDetections(starts, scores, 0.5, g, stream);
  assert.equal(d.length, 1);
  assert.equal(d[0]!.windows, 6);
  // The top window's neighbours are 0.67 and 0.1: its evidence is the median, 0.67.
  assert.equal(d[0]!.probability, Math.fround(scores[7]!));
  assert.equal(d[0]!.firstWindowStart, 3000);
  assert.equal(d[0]!.lastWindowEnd, 18_000);
});

test('runs of positive windows that do not overlap give separate detections', () => {
  // Windows 2–3 end at 13 s; window 14 starts at 14 s.
  const scores = starts.map((_, i) => (i === 2 || i === 3 || i === 14 || i === 15 ? 0.9 : 0));
  assert.equal(mergeDetections(starts, scores, 0.5, g, stream).length, 2);
});

test('positive windows that overlap are one pick, whatever dips between them', () => {
  // The default 2 s hop: windows at 0–2 s and 8–10 s positive, the two between below threshold.
  const geometry = { ...g, hopMs: 2000 };
  const hop2 = [0, 2000, 4000, 6000, 8000, 10_000, 12_000];
  const d = mergeDetections(hop2, [0.9, 0.9, 0.1, 0.1, 0.7, 0.7, 0.1], 0.5, geometry, stream);
  assert.equal(d.length, 1);
  assert.deepEqual([d[0]!.firstWindowStart, d[0]!.lastWindowEnd, d[0]!.probability], [0, 20_000, Math.fround(0.9)]);
});

test('windows separated by a data gap never join the same detection', () => {
  const gapped = [0, 1000, 2000, 30_000, 31_000];
  const d = mergeDetections(gapped, [0.9, 0.9, 0.9, 0.9, 0.9], 0.5, g, stream);
  assert.deepEqual(
    d.map((x) => x.windows),
    [3, 2],
  );
});

test("a detection is dated by its best window's onset under the geometry's label span", () => {
  // Peak at the windows starting 5 and 6 s; onsets 2–8 s into a window: 5.5 + 5 s.
  const scores = starts.map((_, i) => (i === 5 || i === 6 ? 0.95 : i >= 3 && i <= 8 ? 0.7 : 0.1));
  assert.equal(mergeDetections(starts, scores, 0.5, g, stream)[0]!.time, 10_500);
});

test('no window above the threshold gives no detection', () => {
  assert.deepEqual(
    mergeDetections(
      starts,
      starts.map(() => 0.2),
      0.5,
      g,
      stream,
    ),
    [],
  );
});
