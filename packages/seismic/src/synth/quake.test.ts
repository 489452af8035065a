import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUAKE } from '../defaults.js';
import { createRng } from '../random.js';
import {
  sampleDistanceKm,
  cornerFrequencyHz,
  peakVelocityMs,
  sampleMagnitude,
  sampleQuake,
  sMinusPSeconds,
  synthesizeQuake,
  woodAndersonAmplitudeNm,
  type QuakeSource,
} from './quake.js';
import { makeStationProfile } from './profile.js';
import { synthesizeStream } from './stream.js';

const source = (magnitude: number, distanceKm: number): QuakeSource => ({
  magnitude,
  distanceKm,
  stressDropBar: 30,
  backAzimuth: 0.7,
  sOnVertical: 0.35,
  pToS: 0.35,
});

test('S − P time in synthetic streams equals hypocentral distance / 8 km/s and grows with distance', () => {
  const profile = makeStationProfile({ quakeRatePerDay: 400, hardNegativeRatePerHour: 0 });
  const { events } = synthesizeStream(profile, { startTime: 0, durationSeconds: 3600, seed: 5 });
  assert.ok(events.length > 5);
  for (const e of events) assert.ok(Math.abs((e.sArrivalTime - e.pArrivalTime) / 1000 - e.distanceKm / 8) < 1e-6);
  const byDistance = [...events].sort((a, b) => a.distanceKm - b.distanceKm);
  for (let i = 1; i < byDistance.length; i++) {
    assert.ok(
      byDistance[i]!.sArrivalTime - byDistance[i]!.pArrivalTime >=
        byDistance[i - 1]!.sArrivalTime - byDistance[i - 1]!.pArrivalTime,
    );
  }
});

test('the synthesized S wave arrives (S − P) seconds after P: horizontal energy jumps at sIndex', () => {
  const q = synthesizeQuake(createRng(1), source(2, 80), 100);
  assert.equal(q.sIndex, Math.round(sMinusPSeconds(80) * 100));
  const rms = (a: Float32Array, from: number, to: number): number =>
    Math.sqrt(a.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from));
  const before = rms(q.data[1], q.sIndex - 100, q.sIndex);
  const after = rms(q.data[1], q.sIndex + 50, q.sIndex + 250);
  assert.ok(after > 3 * before, `N rms before S ${before}, after ${after}`);
});

test('P is strongest on Z and S on the horizontals', () => {
  const q = synthesizeQuake(createRng(2), source(2.5, 50), 100);
  const peak = (a: Float32Array, from: number, to: number): number =>
    Math.max(...Array.from(a.subarray(from, to), Math.abs));
  const [z, n, e] = q.data;
  assert.ok(peak(z, 0, q.sIndex) > Math.max(peak(n, 0, q.sIndex), peak(e, 0, q.sIndex)));
  assert.ok(Math.max(peak(n, q.sIndex, z.length), peak(e, q.sIndex, z.length)) > peak(z, q.sIndex, z.length));
});

test('peak amplitude grows with magnitude at a fixed distance (formula and synthesized waveform)', () => {
  const peaks = [0.5, 1.5, 2.5, 3.5].map((m) => {
    const q = synthesizeQuake(createRng(7), source(m, 60), 100);
    return Math.max(...Array.from(q.data[1], Math.abs), ...Array.from(q.data[2], Math.abs));
  });
  for (let i = 1; i < peaks.length; i++)
    assert.ok(peaks[i]! > peaks[i - 1]!, `M step ${i}: ${peaks[i - 1]} → ${peaks[i]}`);
  assert.ok(peakVelocityMs(3, 60, 30) > peakVelocityMs(2, 60, 30));
});

test('amplitude follows Hutton–Boore: ML 3 at 100 km is ≈ 1 mm on a Wood–Anderson (≈ 480 nm ground motion)', () => {
  // 1 mm trace amplitude / magnification 2080 = 481 nm.
  assert.ok(Math.abs(woodAndersonAmplitudeNm(3, 100) - 1e6 / 2080) / (1e6 / 2080) < 0.01);
  assert.ok(woodAndersonAmplitudeNm(2, 50) > woodAndersonAmplitudeNm(2, 150));
});

test('Brune corner frequency falls with magnitude (≈ 10^(−M/2) for constant stress drop)', () => {
  const ratio = cornerFrequencyHz(2, 30) / cornerFrequencyHz(4, 30);
  assert.ok(Math.abs(ratio - 10) < 1e-9);
  assert.ok(cornerFrequencyHz(3, 30) > 3 && cornerFrequencyHz(3, 30) < 15);
});

test('magnitudes follow Gutenberg–Richter with the requested b-value (Aki maximum likelihood)', () => {
  const rng = createRng(9);
  const mags = Array.from({ length: 20000 }, () => sampleMagnitude(rng, 1, 7, 1));
  assert.ok(mags.every((m) => m >= 1 && m <= 7));
  const b = Math.log10(Math.E) / (mags.reduce((s, m) => s + m, 0) / mags.length - 1);
  assert.ok(Math.abs(b - 1) < 0.05, `b = ${b}`);
});

test('log-uniform distances put as many events within 10× the minimum as beyond it; area-uniform ones far fewer', () => {
  const rng = createRng(11);
  const near = (law: 'area' | 'log-uniform') => {
    let n = 0;
    for (let i = 0; i < 4000; i++) if (sampleDistanceKm(rng, 2, 200, law) < 20) n++;
    return n / 4000;
  };
  const logShare = near('log-uniform');
  const areaShare = near('area');
  assert.ok(logShare > 0.4 && logShare < 0.65, `log-uniform share within 20 km ${logShare}`);
  assert.ok(areaShare < 0.05, `area share within 20 km ${areaShare}`);
});

test('the S-on-vertical ratio is the fixed one unless spread, and a spread draws log-normally around it', () => {
  const opts = { magnitudeRange: [1, 4] as const, bValue: 1, distanceRangeKm: [5, 100] as const, stressDropBar: 30 };
  const fixed = sampleQuake(createRng(2), opts);
  assert.equal(fixed.sOnVertical, QUAKE.sOnVerticalRatio);
  // A spread of 0 draws nothing more than no spread, so default stations draw what they always drew.
  const rng = createRng(2);
  sampleQuake(rng, { ...opts, sOnVerticalLogSigma: 0 });
  const plain = createRng(2);
  sampleQuake(plain, opts);
  assert.equal(rng.next(), plain.next());
  const spread = Array.from(
    { length: 2000 },
    (_, i) => sampleQuake(createRng(100 + i), { ...opts, sOnVerticalLogSigma: 0.6 }).sOnVertical,
  );
  const logs = spread.map((r) => Math.log(r / QUAKE.sOnVerticalRatio)).sort((a, b) => a - b);
  assert.ok(Math.abs(logs[1000]!) < 0.05, `median log ratio ${logs[1000]}`);
  assert.ok(Math.abs(logs[1683]! - 0.6) < 0.1, `84th percentile log ratio ${logs[1683]}`);
  assert.ok(spread.every((r) => r > 0 && r <= 1.5));
});
