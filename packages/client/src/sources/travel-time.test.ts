import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  codaDurationSeconds,
  detectabilityThreshold,
  epicentralDistanceKm,
  predictedPArrivalMs,
} from './travel-time.js';

const model = { vpKmPerSecond: 6, referenceMagnitude: 1.5, referenceDistanceKm: 100, minDistanceKm: 1 };

test('one degree of latitude is about 111.2 km', () => {
  assert.ok(Math.abs(epicentralDistanceKm(0, 0, 1, 0) - 111.19) < 0.01);
});

test('P arrives after hypocentral distance / Vp', () => {
  // 30 km epicentral (0.2698°), 40 km deep: 50 km hypocentral, 50 / 6 s.
  const event = { originTime: 1_000_000, latitude: 0, longitude: 0, depthKm: 40, magnitude: 2 };
  const arrival = predictedPArrivalMs(event, { latitude: 30 / 111.19492664, longitude: 0 }, model);
  assert.ok(Math.abs(arrival - (1_000_000 + (50 / 6) * 1000)) < 1);
});

test('the detectability threshold equals the reference magnitude at the reference distance and grows with distance', () => {
  assert.equal(detectabilityThreshold(100, model), 1.5);
  assert.ok(detectabilityThreshold(300, model) > detectabilityThreshold(50, model));
  assert.ok(Math.abs(detectabilityThreshold(10, model) - 0.22) < 0.01);
});

test('coda duration grows with magnitude and has a floor', () => {
  assert.equal(codaDurationSeconds(-1, 20), 20);
  assert.ok(Math.abs(codaDurationSeconds(3, 20) - 86) < 1);
});
