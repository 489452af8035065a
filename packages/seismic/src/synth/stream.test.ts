import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStationProfile } from './profile.js';
import { synthesizeStream } from './stream.js';

const profile = makeStationProfile({ quakeRatePerDay: 200, hardNegativeRatePerHour: 6 });
const opts = { startTime: Date.UTC(2024, 0, 1), durationSeconds: 1200 };

test('same seed gives identical streams and truth', () => {
  const a = synthesizeStream(profile, { ...opts, seed: 42 });
  const b = synthesizeStream(profile, { ...opts, seed: 42 });
  assert.deepEqual(a.events, b.events);
  assert.deepEqual(a.hardNegatives, b.hardNegatives);
  a.trace.data.forEach((d, c) => assert.deepEqual(d, b.trace.data[c]));
});

test('different seeds give different streams', () => {
  const a = synthesizeStream(profile, { ...opts, seed: 1 });
  const b = synthesizeStream(profile, { ...opts, seed: 2 });
  assert.notDeepEqual(a.trace.data[0]!.subarray(0, 100), b.trace.data[0]!.subarray(0, 100));
});

test('a stream has the profile’s channels, rate and length, and truth inside its span', () => {
  const s = synthesizeStream(profile, { ...opts, seed: 3 });
  assert.deepEqual(s.trace.channels, ['HHZ', 'HHN', 'HHE']);
  assert.equal(s.trace.sampleRate, 100);
  for (const d of s.trace.data) assert.equal(d.length, 120000);
  assert.ok(s.events.length > 0 && s.hardNegatives.length > 0);
  for (const e of s.events) assert.ok(e.pArrivalTime >= opts.startTime && e.pArrivalTime < opts.startTime + 1200e3);
});

test('a Z-only profile yields one channel', () => {
  const s = synthesizeStream(makeStationProfile({ components: 1 }), { ...opts, durationSeconds: 60, seed: 3 });
  assert.deepEqual(s.trace.channels, ['HHZ']);
  assert.equal(s.trace.data.length, 1);
});

test('quake rate 0 gives a stream without events', () => {
  const s = synthesizeStream(profile, { ...opts, seed: 4, quakeRatePerDay: 0 });
  assert.equal(s.events.length, 0);
});

test('many events are near the noise level (hard positives) and some are clear', () => {
  const s = synthesizeStream(makeStationProfile({ quakeRatePerDay: 2000 }), {
    ...opts,
    durationSeconds: 3600,
    seed: 5,
  });
  const snr = s.events.map((e) => e.snr);
  assert.ok(snr.filter((v) => v < 3).length > snr.length / 4, 'too few events near the noise');
  assert.ok(
    snr.some((v) => v > 20),
    'no clear events',
  );
});
