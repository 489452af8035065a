import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventTruth } from '@quakefed/seismic';
import {
  eventLevelMetrics,
  eventPoint,
  streamTruth,
  sweepThresholds,
  type StreamTruth,
  type TruthEvent,
} from './event-level.js';

const DAY = 86_400_000;

/** An event with P at `pSeconds` seconds, a 30 s signal and the given SNR. */
const ev = (pSeconds: number, snr = 20): TruthEvent => ({
  pArrivalTime: pSeconds * 1000,
  endTime: (pSeconds + 30) * 1000,
  snr,
});
/** A stream of `days` with the given events to find and none ignored. */
const stream = (events: TruthEvent[], days = 1, ignored: TruthEvent[] = []): StreamTruth => ({
  events,
  ignored,
  durationMs: days * DAY,
});

test('an operating point counts hits, duplicates and false alarms over all streams, per station-day', () => {
  const truths = [stream([ev(10), ev(500)], 0.5), stream([], 0.5)];
  // Stream 1: a hit 3 s late, a duplicate on its coda, a false alarm at 200 s. Stream 2: two false alarms.
  const p = eventPoint(
    0.5,
    [
      [13_000, 30_000, 200_000],
      [70_000, 80_000],
    ],
    truths,
  );
  assert.deepEqual(p, {
    threshold: 0.5,
    recall: 0.5,
    falseAlarmsPerStationDay: 3,
    hits: 1,
    events: 2,
    falseAlarms: 3,
    duplicates: 1,
    stationDays: 1,
  });
});

test('a detection on an invisible event, anywhere in its signal, is neither a hit nor a false alarm', () => {
  const truths = [stream([ev(10)], 1, [ev(60, 0.5)])];
  const p = eventPoint(0.5, [[60_500, 85_000, 900_000]], truths);
  assert.deepEqual([p.hits, p.duplicates, p.falseAlarms], [0, 0, 1]);
});

test('the hit window of event-level scoring is configurable', () => {
  const truths = [stream([ev(10)])];
  assert.equal(eventPoint(0.5, [[16_000]], truths).hits, 1);
  assert.equal(eventPoint(0.5, [[16_000]], truths, { hitWindowSeconds: [-2, 2] }).hits, 0);
});

test('a synthetic stream splits into events to find and events too weak to count, with their signal ends', () => {
  const e = (p: number, snr: number): EventTruth => ({
    originTime: p - 5000,
    pArrivalTime: p,
    sArrivalTime: p + 4000,
    endTime: p + 40_000,
    magnitude: 2,
    distanceKm: 30,
    peakVelocity: 1e-6,
    snr,
  });
  const t = streamTruth([e(1000, 3), e(2000, 0.4)], DAY, 1);
  assert.deepEqual(t, {
    events: [{ pArrivalTime: 1000, endTime: 41_000, snr: 3 }],
    ignored: [{ pArrivalTime: 2000, endTime: 42_000, snr: 0.4 }],
    durationMs: DAY,
  });
});

/** Ten events 100 s apart; threshold t (0–5) finds the first 10 − t and adds 5 − t false alarms far away. */
const TEN = [stream(Array.from({ length: 10 }, (_, i) => ev(i * 100, i < 5 ? 3 : 20)))];
const tenAt = (t: number): number[][] => [
  [
    ...TEN[0]!.events.slice(0, 10 - t).map((e) => e.pArrivalTime),
    ...Array.from({ length: 5 - t }, (_, i) => 2e6 + i * 1e5),
  ].sort((a, b) => a - b),
];

test('the summary reads best recall at 0, 1 and 10 false alarms per station-day, with counts', () => {
  const r = eventLevelMetrics(tenAt, TEN, [0, 1, 2, 3, 4, 5]);
  // t=5: 5 hits, 0 FA; t=4: 6, 1; t=1: 9, 4; t=0: 10, 5.
  assert.deepEqual([r.recallAtZero.threshold, r.recallAtZero.all], [5, { recall: 0.5, hits: 5, events: 10 }]);
  assert.deepEqual(
    [r.recallAtOne.threshold, r.recallAtOne.all, r.recallAtOne.falseAlarms],
    [4, { recall: 0.6, hits: 6, events: 10 }, 1],
  );
  assert.deepEqual([r.recallAtTen.threshold, r.recallAtTen.all.hits, r.recallAtTen.falseAlarms], [0, 10, 5]);
  assert.equal(r.recallAtFalseAlarmRate, 0.6);
  assert.equal(r.falseAlarmsAtRecall, 4);
  assert.deepEqual([r.events, r.stationDays], [10, 1]);
});

test('recall is broken down by SNR band and above the SNR floor at each operating point', () => {
  // Events 0–4 have SNR 3, 5–9 SNR 20; at t=4 the first 6 are found.
  const r = eventLevelMetrics(tenAt, TEN, [4], { snrFloor: 10 });
  assert.deepEqual(r.recallAtOne.aboveFloor, { recall: 0.2, hits: 1, events: 5 });
  assert.deepEqual(
    r.recallAtOne.bySnr.map((b) => [b.label, b.hits, b.events]),
    [
      ['< 2', 0, 0],
      ['2–5', 5, 5],
      ['5–10', 0, 0],
      ['≥ 10', 1, 5],
    ],
  );
  assert.deepEqual([r.snrFloor, r.eventsAboveFloor], [10, 5]);
});

test('the curve is the monotone envelope: best recall at or below each false-alarm count', () => {
  // Threshold → [events found (first n), false alarms far away]. 3 finds fewer than 2 with as many false
  // alarms, 1 fewer than 2 with more, 9 nothing: only 2 and 0 are ever worth choosing.
  const plan: Record<number, [number, number]> = { 9: [0, 0], 3: [4, 3], 2: [6, 3], 1: [5, 4], 0: [8, 6] };
  const detectAt = (t: number): number[][] => {
    const [found, falseAlarms] = plan[t]!;
    return [
      [
        ...TEN[0]!.events.slice(0, found).map((e) => e.pArrivalTime),
        ...Array.from({ length: falseAlarms }, (_, i) => 2e6 + i * 1e5),
      ],
    ];
  };
  const r = eventLevelMetrics(detectAt, TEN, [9, 3, 2, 1, 0]);
  assert.deepEqual(
    r.curve.map((p) => [p.threshold, p.hits, p.falseAlarms]),
    [
      [2, 6, 3],
      [0, 8, 6],
    ],
  );
});

test('no threshold within a budget means detecting nothing: null threshold, no hits, no false alarms', () => {
  const r = eventLevelMetrics(() => [[5e6]], [stream([ev(0), ev(100)])], [0.5]);
  assert.deepEqual([r.recallAtZero.threshold, r.recallAtZero.all.hits, r.recallAtZero.falseAlarms], [null, 0, 0]);
  assert.equal(r.falseAlarmsAtRecall, null);
});

test('sweep thresholds are log-spaced in rank from the top score', () => {
  const scores = Array.from({ length: 100 }, (_, i) => i);
  const t = sweepThresholds(scores, 1);
  assert.deepEqual(t, [99, 98, 96, 92, 84, 68, 36]);
});
