import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeScoreRuns } from '../score-runs.js';
import type { EventSpan } from './event.js';
import { thresholdForFalseAlarmRate, type CalibrationStream } from './false-alarm-rate.js';

const DAY_SECONDS = 86_400;
/** The calibration mechanics on raw window scores (the median evidence is tested at the end). */
const RAW = { medianWindows: 1 } as const;
const HOP_SECONDS = 2;

/** One day of windows every 2 s scoring 0.1, with the given scores at the given window indices. */
function dayStream(peaks: Record<number, number>, extra: Partial<CalibrationStream> = {}): CalibrationStream {
  const count = DAY_SECONDS / HOP_SECONDS;
  const startTimes = Array.from({ length: count }, (_, i) => i * HOP_SECONDS * 1000);
  const scores = startTimes.map((_, i) => peaks[i] ?? 0.1);
  return { startTimes, scores, durationSeconds: DAY_SECONDS, ...extra };
}

/** Isolated single-window peaks, far apart, with these scores. */
const isolated = (...scores: number[]): Record<number, number> =>
  Object.fromEntries(scores.map((s, k) => [100 + 1000 * k, s]));

test('on noise every detection is a false alarm: the threshold admits as many as the target allows', () => {
  const stream = dayStream(isolated(0.9, 0.7, 0.5, 0.4, 0.3));
  assert.equal(thresholdForFalseAlarmRate([stream], 1, RAW).threshold, 0.9);
  assert.equal(thresholdForFalseAlarmRate([stream], 2, RAW).threshold, 0.7);
  const three = thresholdForFalseAlarmRate([stream], 3.5, RAW);
  assert.deepEqual(three, { threshold: 0.5, falseAlarms: 3, stationDays: 1, falseAlarmsPerStationDay: 3 });
});

test('the rate is per station-day: two half-day streams hold one station-day together', () => {
  const half = (peaks: Record<number, number>): CalibrationStream => ({
    ...dayStream(peaks),
    durationSeconds: DAY_SECONDS / 2,
  });
  const result = thresholdForFalseAlarmRate([half(isolated(0.8, 0.6)), half(isolated(0.7, 0.5))], 2, RAW);
  assert.equal(result.threshold, 0.7);
  assert.equal(result.stationDays, 1);
  assert.equal(result.falseAlarmsPerStationDay, 2);
});

test('windows of one detection count once: a run of five high windows is one false alarm', () => {
  const run = { 500: 0.8, 501: 0.85, 502: 0.9, 503: 0.85, 504: 0.8 };
  const stream = dayStream({ ...run, 5000: 0.6, 9000: 0.55 });
  assert.equal(thresholdForFalseAlarmRate([stream], 2, RAW).threshold, 0.6);
});

test('equal scores become positive together, so a tie that exceeds the target is excluded as a whole', () => {
  const stream = dayStream(isolated(0.9, 0.6, 0.6, 0.3));
  assert.equal(thresholdForFalseAlarmRate([stream], 2, RAW).threshold, 0.9);
  assert.equal(thresholdForFalseAlarmRate([stream], 3, RAW).threshold, 0.6);
});

test('a lower threshold that merges two false alarms into one is not taken when a higher one gives two', () => {
  // 0.8 at windows 10 and 30 (40 s apart, past a window less a hop: two detections); 0.5 between them bridges them into one.
  const bridge = Object.fromEntries(Array.from({ length: 19 }, (_, k) => [11 + k, 0.5]));
  const stream = dayStream({ ...bridge, 10: 0.8, 30: 0.8 });
  const result = thresholdForFalseAlarmRate([stream], 1, RAW);
  assert.ok(result.threshold! > 0.8, `threshold ${result.threshold} should exclude both 0.8 windows`);
  assert.equal(result.falseAlarms, 0);
});

test('when even the top score is one false alarm too many the threshold lies just above it', () => {
  const result = thresholdForFalseAlarmRate([dayStream(isolated(0.75))], 0.5, RAW);
  assert.equal(result.threshold, Math.fround(0.75) + 2 ** -24);
  assert.equal(result.falseAlarms, 0);
});

test('no threshold meets the target when a false alarm scores 1', () => {
  assert.equal(thresholdForFalseAlarmRate([dayStream(isolated(1))], 0, RAW).threshold, null);
});

test('detections of known events are hits, not false alarms; detections on ignored events are neither', () => {
  const event = { 2000: 0.9, 2001: 0.95, 2002: 0.9 };
  const weak = { 6000: 0.7 };
  const noise = { 9000: 0.6 };
  const base = dayStream({ ...event, ...weak, ...noise });
  /** The event whose P arrival is the onset of the run of windows `from`…`to`. */
  const eventOf = (from: number, to: number): EventSpan => {
    const only = Array.from(base.scores, (s, i) => (i >= from && i <= to ? s : 0));
    const pArrivalTime = mergeScoreRuns(base.startTimes, only, 0.5, RAW)[0]!.time;
    return { pArrivalTime, endTime: pArrivalTime + 20_000 };
  };
  const stream = { ...base, events: [eventOf(2000, 2002)], ignoredEvents: [eventOf(6000, 6000)] };
  // Only the 0.6 noise window is a false alarm: with none allowed, the threshold stays above it.
  assert.equal(thresholdForFalseAlarmRate([stream], 0, RAW).threshold, 0.7);
  // Without the truth all three detections would be false alarms: none may pass.
  const threshold = thresholdForFalseAlarmRate([base], 0, RAW).threshold!;
  assert.ok(threshold > 0.95 && threshold - 0.95 < 1e-7, `threshold ${threshold}`);
});

test('NaN scores are never positive', () => {
  // Were the NaN window positive at 0.9, that threshold would give two false alarms, not one.
  const stream = dayStream({ ...isolated(0.9, 0.8), 3000: Number.NaN });
  assert.equal(thresholdForFalseAlarmRate([stream], 1, RAW).threshold, 0.9);
});

test('bad inputs raise QF_ERR_BAD_OPTIONS', () => {
  const code = { code: 'QF_ERR_BAD_OPTIONS' };
  assert.throws(() => thresholdForFalseAlarmRate([dayStream({})], -1), code);
  assert.throws(() => thresholdForFalseAlarmRate([dayStream({})], Number.NaN), code);
  assert.throws(() => thresholdForFalseAlarmRate([], 1), code);
  assert.throws(
    () => thresholdForFalseAlarmRate([{ startTimes: [0, 1], scores: [0.5], durationSeconds: 10 }], 1),
    code,
  );
  assert.throws(
    () => thresholdForFalseAlarmRate([{ startTimes: [0], scores: [Number.NaN], durationSeconds: 10 }], 1),
    code,
  );
});

test('calibrated on median evidence, a one-window spike is no false alarm: the threshold goes below it', () => {
  const stream = dayStream({ ...isolated(0.9), 5000: 0.7, 5001: 0.7, 9000: 0.6, 9001: 0.6 });
  assert.equal(thresholdForFalseAlarmRate([stream], 1).threshold, Math.fround(0.7));
  assert.equal(thresholdForFalseAlarmRate([stream], 1, RAW).threshold, 0.9);
});
