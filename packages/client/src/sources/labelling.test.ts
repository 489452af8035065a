import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelWindows, predictArrivals, type PredictedArrival } from './labelling.js';
import { LABELLING_DEFAULTS } from '../defaults.js';

const station = { latitude: 0, longitude: 0 };
const KM_PER_DEG = 111.19492664;
const event = (km: number, magnitude: number, originTime = 0) => ({
  originTime,
  latitude: km / KM_PER_DEG,
  longitude: 0,
  depthKm: 0,
  magnitude,
});
const onset = { minOffsetSeconds: 1, maxOffsetSeconds: 9 };
const starts = Array.from({ length: 60 }, (_, i) => i * 5000);

function arrivalAt(time: number, detectable: boolean, signalSeconds = 20): PredictedArrival {
  return {
    event: event(10, 2),
    time,
    distanceKm: 10,
    detectable,
    excludeFrom: time - 2000,
    excludeTo: time + signalSeconds * 1000,
  };
}

test('events below the detectability band are dropped; detectable and near-threshold ones are kept', () => {
  // Threshold at 50 km ≈ 1.07: M 2 detectable, M 0.5 within the 1-unit band, M -0.5 invisible.
  const arrivals = predictArrivals([event(50, 2), event(50, 0.5), event(50, -0.5)], station, LABELLING_DEFAULTS);
  assert.deepEqual(
    arrivals.map((a) => [a.event.magnitude, a.detectable]),
    [
      [2, true],
      [0.5, false],
    ],
  );
});

test('predicted arrival of a 60 km surface event is 10 s after origin at 6 km/s', () => {
  const [a] = predictArrivals([event(60, 3, 1_000_000)], station, LABELLING_DEFAULTS);
  assert.ok(Math.abs(a!.time - 1_010_000) < 1);
});

test('windows whose onset span contains a detectable arrival are positive', () => {
  const { labels, arrivalOf } = labelWindows(starts, 10_000, [arrivalAt(100_000, true)], onset);
  // Onset 100 s lies in [start+1, start+9] for starts 95 s (offset 5).
  assert.deepEqual([...labels.slice(17, 21)], [0, -1, 1, -1]);
  assert.equal(arrivalOf[19]!.time, 100_000);
});

test('windows overlapping the signal of a detectable event but without its onset are excluded', () => {
  const { labels } = labelWindows(starts, 10_000, [arrivalAt(100_000, true)], onset);
  // Window at 100 s starts on the onset (offset 0 < 1 s): excluded; coda to 120 s excludes starts up to 115 s.
  assert.equal(labels[20], -1);
  assert.equal(labels[23], -1);
  assert.equal(labels[24], 0);
  assert.equal(labels[18], -1);
  assert.equal(labels[17], 0);
});

test('windows around an undetectable but near-threshold event are excluded, never positive', () => {
  const { labels } = labelWindows(starts, 10_000, [arrivalAt(100_000, false)], onset);
  assert.equal(labels[19], -1);
  assert.ok(!labels.includes(1));
});

test('windows far from any arrival are negative', () => {
  const { labels } = labelWindows(starts, 10_000, [arrivalAt(100_000, true)], onset);
  assert.equal(labels[0], 0);
  assert.equal(labels[59], 0);
});
