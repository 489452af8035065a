import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStationProfile } from '../synth/profile.js';
import { synthesizeStream } from '../synth/stream.js';
import { staLtaDetect } from './detect.js';

test('STA/LTA triggers within 1 s of the P arrival on clear synthetic events', () => {
  const profile = makeStationProfile({
    noiseClass: 'quiet-vault',
    magnitudeRange: [2.5, 3],
    distanceRangeKm: [10, 60],
    quakeRatePerDay: 240,
    hardNegativeRatePerHour: 0,
  });
  const { trace, events } = synthesizeStream(profile, {
    startTime: Date.UTC(2024, 0, 1),
    durationSeconds: 3600,
    seed: 21,
  });
  assert.ok(events.length >= 3);
  const onsets = staLtaDetect(trace);
  for (const e of events) {
    const nearest = Math.min(...onsets.map((t) => Math.abs(t - e.pArrivalTime)));
    assert.ok(
      nearest <= 1000,
      `event M${e.magnitude.toFixed(1)} at ${e.distanceKm.toFixed(0)} km: nearest trigger ${nearest} ms`,
    );
  }
});

test('STA/LTA stays silent on pure quiet noise', () => {
  const profile = makeStationProfile({ noiseClass: 'quiet-vault', quakeRatePerDay: 0, hardNegativeRatePerHour: 0 });
  const { trace } = synthesizeStream(profile, { startTime: Date.UTC(2024, 0, 1), durationSeconds: 3600, seed: 22 });
  assert.deepEqual(staLtaDetect(trace), []);
});
