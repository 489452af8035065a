import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperatingPoints } from '@quakefed/model';
import { DETECTION_DEFAULTS } from '../defaults.js';
import { chooseThreshold } from './threshold.js';

const SHA = 'a'.repeat(64);

const points = (data: OperatingPoints['measurement']['data']): OperatingPoints => ({
  format: 'quakefed-operating-points',
  version: 1,
  weightsSha256: SHA,
  defaultFalseAlarmsPerStationDay: 10,
  points: [
    { falseAlarmsPerStationDay: 1, threshold: 0.4, measuredFalseAlarmsPerStationDay: 1 },
    { falseAlarmsPerStationDay: 10, threshold: 0.2, measuredFalseAlarmsPerStationDay: 8 },
  ],
  measurement: {
    data,
    stations: 3,
    stationDays: 2,
    seed: null,
    date: '2025-01-01T00:00:00.000Z',
    hopSeconds: 2,
    description: '',
  },
});

test("a user's threshold wins over the model's operating points", () => {
  assert.deepEqual(chooseThreshold(0.7, points('validation'), SHA, 2), {
    threshold: 0.7,
    origin: 'user',
    description: 'user-given (--threshold)',
  });
});

test("without one, the model's default operating point is used and named", () => {
  assert.deepEqual(chooseThreshold(undefined, points('validation'), SHA, 2), {
    threshold: 0.2,
    origin: 'model',
    description: "model's 10 FA/station-day on validation",
  });
  assert.equal(
    chooseThreshold(undefined, points('site-noise'), SHA, 2).description,
    "model's 10 FA/station-day on site noise",
  );
});

test('a model without operating points falls back to the plain default, saying so', () => {
  const c = chooseThreshold(undefined, null, SHA, 2);
  assert.equal(c.threshold, DETECTION_DEFAULTS.threshold);
  assert.equal(c.origin, 'fallback');
  assert.match(c.description, /no operating points/);
});

test('operating points measured with other weights are not used', () => {
  const c = chooseThreshold(undefined, points('validation'), 'b'.repeat(64), 2);
  assert.equal(c.origin, 'fallback');
  assert.match(c.description, /other weights/);
});

test('a point measured at another hop is used, and its description says the rate will differ', () => {
  const c = chooseThreshold(undefined, points('validation'), SHA, 1);
  assert.equal(c.threshold, 0.2);
  assert.equal(
    c.description,
    "model's 10 FA/station-day on validation; measured at a 2 s hop, running at 1 s: the false-alarm rate will differ",
  );
});
