import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventLevelMetrics, eventPoint, sweepThresholds } from './eventLevel.js';

const DAY = 86_400_000;

test('an operating point counts recall over all streams and false alarms per station-day', () => {
  const truths = [
    { eventTimes: [10_000, 50_000], ignoredEventTimes: [], durationMs: DAY / 2 },
    { eventTimes: [], ignoredEventTimes: [], durationMs: DAY / 2 },
  ];
  const p = eventPoint(0.5, [[10_500, 30_000], [70_000, 80_000]], truths, 2000);
  assert.equal(p.recall, 0.5);
  assert.equal(p.falseAlarmsPerStationDay, 3);
});

test('a detection on an invisible event is neither a hit nor a false alarm', () => {
  const truths = [{ eventTimes: [10_000], ignoredEventTimes: [60_000], durationMs: DAY }];
  const p = eventPoint(0.5, [[60_500, 90_000]], truths, 2000);
  assert.equal(p.recall, 0);
  assert.equal(p.falseAlarmsPerStationDay, 1);
});

test('the summary reads recall at 1 false alarm/day and false alarms at 90% recall off the sweep', () => {
  const truths = [{ eventTimes: [0, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000], ignoredEventTimes: [], durationMs: DAY }];
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
  const truths = [{ eventTimes: [0, 100_000], ignoredEventTimes: [], durationMs: DAY }];
  const r = eventLevelMetrics(() => [[0]], truths, [0.5], 2000);
  assert.equal(r.falseAlarmsAtRecall, null);
});

test('sweep thresholds are log-spaced in rank from the top score', () => {
  const scores = Array.from({ length: 100 }, (_, i) => i);
  const t = sweepThresholds(scores, 1);
  assert.deepEqual(t, [99, 98, 96, 92, 84, 68, 36]);
});
