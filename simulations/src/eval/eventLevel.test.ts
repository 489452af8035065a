import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countMatches, eventLevelMetrics, eventPoint, sweepThresholds } from './eventLevel.js';

const DAY = 86_400_000;

test('a detection matches an event only within the tolerance', () => {
  assert.equal(countMatches([1000], [2999], 2000), 1);
  assert.equal(countMatches([1000], [3001], 2000), 0);
  assert.equal(countMatches([5000], [3000], 2000), 1);
});

test('one detection cannot match two events', () => {
  assert.equal(countMatches([2000], [1000, 3000], 2000), 1);
});

test('greedy matching finds the maximum matching when intervals overlap', () => {
  // Events at 0 and 3000 (tolerance 2000); detections at 1500 and 4500: the first must go to the first event.
  assert.equal(countMatches([1500, 4500], [0, 3000], 2000), 2);
});

test('an operating point counts recall over all streams and false alarms per station-day', () => {
  const truths = [
    { eventTimes: [10_000, 50_000], durationMs: DAY / 2 },
    { eventTimes: [], durationMs: DAY / 2 },
  ];
  const p = eventPoint(0.5, [[10_500, 30_000], [70_000, 80_000]], truths, 2000);
  assert.equal(p.recall, 0.5);
  assert.equal(p.falseAlarmsPerStationDay, 3);
});

test('the summary reads recall at 1 false alarm/day and false alarms at 90% recall off the sweep', () => {
  const truths = [{ eventTimes: [0, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000], durationMs: DAY }];
  const events = truths[0]!.eventTimes;
  // Threshold t detects the first (10 − t) events and adds t false alarms far away... lower t: more of both.
  const detectAt = (t: number) => [[...events.slice(0, 10 - t), ...Array.from({ length: 5 - Math.min(5, t) }, (_, i) => 2e6 + i * 1e5)].sort((a, b) => a - b)];
  const r = eventLevelMetrics(detectAt, truths, [0, 1, 2, 3, 4, 5], 2000);
  // t=5: recall .5, 0 FA; t=4: .6, 1 FA; t=1: .9, 4 FA; t=0: 1.0, 5 FA
  assert.equal(r.recallAtFalseAlarmRate, 0.6);
  assert.equal(r.falseAlarmsAtRecall, 4);
  assert.equal(r.events, 10);
  assert.equal(r.stationDays, 1);
});

test('an unreached recall is reported as null', () => {
  const truths = [{ eventTimes: [0, 100_000], durationMs: DAY }];
  const r = eventLevelMetrics(() => [[0]], truths, [0.5], 2000);
  assert.equal(r.falseAlarmsAtRecall, null);
});

test('sweep thresholds are log-spaced in rank from the top score', () => {
  const scores = Array.from({ length: 100 }, (_, i) => i);
  const t = sweepThresholds(scores, 1);
  assert.deepEqual(t, [99, 98, 96, 92, 84, 68, 36]);
});
