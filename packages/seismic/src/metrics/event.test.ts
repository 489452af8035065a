import { test } from 'node:test';
import assert from 'node:assert/strict';
import { falseAlarmsPerStationDay, matchEvents, type EventSpan } from './event.js';

/** An event with its P arrival and signal end at the given seconds. */
const event = (pSeconds: number, endSeconds: number): EventSpan => ({
  pArrivalTime: pSeconds * 1000,
  endTime: endSeconds * 1000,
});
/** Detection times at the given seconds. */
const at = (...seconds: number[]): number[] => seconds.map((s) => s * 1000);

/** The four counts that every detection falls into exactly one of. */
function counts(r: ReturnType<typeof matchEvents>) {
  return { matched: r.matched, duplicates: r.duplicates, onIgnored: r.onIgnored, falseAlarms: r.falseAlarms };
}

test('detections 5 s before and 10 s after the P arrival are hits (the default window edges)', () => {
  const early = matchEvents(at(95), [event(100, 130)]);
  const late = matchEvents(at(110), [event(100, 130)]);
  assert.deepEqual([early.matched, late.matched], [1, 1]);
  assert.deepEqual([early.matches[0]!.delaySeconds, late.matches[0]!.delaySeconds], [-5, 10]);
});

test('a detection just before the hit window is a false alarm and the event is missed', () => {
  const r = matchEvents(at(94.9), [event(100, 130)]);
  assert.deepEqual(counts(r), { matched: 0, duplicates: 0, onIgnored: 0, falseAlarms: 1 });
  assert.equal(r.missed, 1);
});

test('a detection just after the hit window, with the signal already over, is a false alarm', () => {
  const r = matchEvents(at(110.1), [event(100, 108)]);
  assert.deepEqual(counts(r), { matched: 0, duplicates: 0, onIgnored: 0, falseAlarms: 1 });
});

test('a detection on the coda after the hit window is a duplicate, not a false alarm', () => {
  // Hit at P + 1 s; a second trigger 40 s later, still inside the event's 60 s signal.
  const r = matchEvents(at(101, 140), [event(100, 160)]);
  assert.deepEqual(counts(r), { matched: 1, duplicates: 1, onIgnored: 0, falseAlarms: 0 });
});

test('a late trigger on the coda alone still misses the event', () => {
  const r = matchEvents(at(140), [event(100, 160)]);
  assert.deepEqual(counts(r), { matched: 0, duplicates: 1, onIgnored: 0, falseAlarms: 0 });
  assert.equal(r.eventRecall, 0);
});

test('a second detection inside the hit window is a duplicate: one hit per event', () => {
  const r = matchEvents(at(99, 103), [event(100, 120)]);
  assert.deepEqual(counts(r), { matched: 1, duplicates: 1, onIgnored: 0, falseAlarms: 0 });
  assert.equal(r.matches[0]!.delaySeconds, -1);
});

test('a detection on an ignored event is neither a hit nor a false alarm, over its whole signal', () => {
  const r = matchEvents(at(97, 150), [], { ignored: [event(100, 160)] });
  assert.deepEqual(counts(r), { matched: 0, duplicates: 0, onIgnored: 2, falseAlarms: 0 });
});

test('a detection between two events, away from both, is a false alarm', () => {
  const r = matchEvents(at(101, 200, 301), [event(100, 130), event(300, 330)]);
  assert.deepEqual(counts(r), { matched: 2, duplicates: 0, onIgnored: 0, falseAlarms: 1 });
});

test('two overlapping events are each hit by their own detection, and a third detection is a duplicate', () => {
  // The second P arrives 12 s after the first, inside the first one's signal.
  const events = [event(100, 200), event(112, 150)];
  const r = matchEvents(at(102, 113, 160), events);
  assert.deepEqual(counts(r), { matched: 2, duplicates: 1, onIgnored: 0, falseAlarms: 0 });
  assert.deepEqual(
    r.matches.map((m) => [m.eventIndex, m.detectionIndex]),
    [
      [0, 0],
      [1, 1],
    ],
  );
});

test('matching is maximum: a detection in two hit windows leaves the later event to the detection only it can take', () => {
  // 108 s lies in both hit windows (95–110 s, 105–120 s), 118 s only in the second.
  const r = matchEvents(at(118, 108), [event(100, 101), event(110, 111)]);
  assert.equal(r.matched, 2);
  assert.deepEqual(
    r.matches.map((m) => m.delaySeconds),
    [8, 8],
  );
});

test('the hit window is configurable, and a backwards one is QF_ERR_BAD_OPTIONS', () => {
  const r = matchEvents(at(97), [event(100, 101)], { hitWindowSeconds: [-2, 2] });
  assert.deepEqual(counts(r), { matched: 0, duplicates: 0, onIgnored: 0, falseAlarms: 1 });
  assert.throws(() => matchEvents(at(97), [event(100, 101)], { hitWindowSeconds: [2, -2] }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});

test('false alarms per station-day', () => {
  assert.equal(falseAlarmsPerStationDay(6, 2 * 86400), 3);
});
