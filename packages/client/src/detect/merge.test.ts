import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateOnsetMs, mergeDetections, type WindowGeometry } from './merge.js';

const g: WindowGeometry = { windowMs: 10_000, hopMs: 1000, onsetMinOffsetMs: 2000, onsetMaxOffsetMs: 8000 };
const stream = { network: 'XX', station: 'STA', location: '00', channel: 'HHZ' };
const starts = Array.from({ length: 20 }, (_, i) => i * 1000);

test('consecutive positive windows merge into one detection with the peak probability', () => {
  const scores = starts.map((_, i) => (i >= 3 && i <= 8 ? 0.6 + i / 100 : 0.1));
  const d = mergeDetections(starts, scores, 0.5, g, stream);
  assert.equal(d.length, 1);
  assert.equal(d[0]!.windows, 6);
  assert.equal(d[0]!.probability, scores[8]);
  assert.equal(d[0]!.firstWindowStart, 3000);
  assert.equal(d[0]!.lastWindowEnd, 18_000);
});

test('separate runs of positive windows give separate detections', () => {
  const scores = starts.map((_, i) => (i === 2 || i === 3 || i === 10 ? 0.9 : 0));
  assert.equal(mergeDetections(starts, scores, 0.5, g, stream).length, 2);
});

test('windows separated by a data gap never join the same detection', () => {
  const gapped = [0, 1000, 2000, 30_000, 31_000];
  const d = mergeDetections(gapped, [0.9, 0.9, 0.9, 0.9, 0.9], 0.5, g, stream);
  assert.deepEqual(d.map((x) => x.windows), [3, 2]);
});

test('the onset estimate is the middle of the span every positive window admits', () => {
  // A run from 3 s to 8 s admits onsets in [8 + 2, 3 + 8] = [10, 11] s.
  assert.equal(estimateOnsetMs(3000, 8000, g), 10_500);
});

test('a run longer than the admissible span dates the onset from its first window', () => {
  // 3 s + 10 s window − 2 s recognisable margin − half a 1 s hop.
  assert.equal(estimateOnsetMs(3000, 20_000, g), 10_500);
});

test('no window above the threshold gives no detection', () => {
  assert.deepEqual(mergeDetections(starts, starts.map(() => 0.2), 0.5, g, stream), []);
});
