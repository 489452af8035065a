import { test } from 'node:test';
import assert from 'node:assert/strict';
import { welchPsd } from '../dsp/psd.js';
import type { NoiseClass } from '../types.js';
import { accelerationToVelocityDb, nhnmAccelerationDb, nlnmAccelerationDb } from './peterson.js';
import { makeStationProfile } from './profile.js';
import { synthesizeStream } from './stream.js';

const CLASSES: NoiseClass[] = ['quiet-vault', 'rural', 'suburban', 'urban'];
const NIGHT = Date.UTC(2024, 0, 1, 1); // 01:00 local (UTC+0): least cultural activity
const AFTERNOON = Date.UTC(2024, 0, 1, 14); // busiest hours

/** Band-averaged (1/6 decade) PSD of the Z channel in dB rel. 1 (m/s²)²/Hz vs. NLNM/NHNM, 0.1–10 Hz. */
function psdMargins(noiseClass: NoiseClass, startTime: number): { belowLow: number[]; aboveHigh: number[] } {
  const profile = makeStationProfile({ noiseClass, quakeRatePerDay: 0, hardNegativeRatePerHour: 0 });
  const { trace } = synthesizeStream(profile, { startTime, durationSeconds: 1800, seed: 11 });
  const velocity = Float64Array.from(trace.data[0]!, (v) => v / profile.gain);
  const { frequencies, psd } = welchPsd(velocity, trace.sampleRate, 8192);
  const belowLow: number[] = [];
  const aboveHigh: number[] = [];
  for (let e = -1; e < 1; e += 1 / 6) {
    const [lo, hi] = [10 ** e, 10 ** (e + 1 / 6)];
    let sum = 0;
    let n = 0;
    frequencies.forEach((f, k) => {
      if (f >= lo && f < hi) {
        sum += psd[k]! * (2 * Math.PI * f) ** 2; // velocity → acceleration PSD
        n++;
      }
    });
    const fc = Math.sqrt(lo * hi);
    const db = 10 * Math.log10(sum / n);
    belowLow.push(nlnmAccelerationDb(1 / fc) - db);
    aboveHigh.push(db - nhnmAccelerationDb(1 / fc));
  }
  return { belowLow, aboveHigh };
}

for (const cls of CLASSES) {
  test(`${cls} noise PSD lies between NLNM and NHNM (0.1–10 Hz, night and afternoon)`, () => {
    for (const t of [NIGHT, AFTERNOON]) {
      const { belowLow, aboveHigh } = psdMargins(cls, t);
      assert.ok(Math.max(...belowLow) < 0, `below NLNM by ${Math.max(...belowLow).toFixed(1)} dB`);
      assert.ok(Math.max(...aboveHigh) < 0, `above NHNM by ${Math.max(...aboveHigh).toFixed(1)} dB`);
    }
  });
}

test('noise classes are ordered: a noisier class has a higher 1–10 Hz level', () => {
  const level = (noiseClass: NoiseClass): number => {
    const { trace } = synthesizeStream(
      makeStationProfile({ noiseClass, quakeRatePerDay: 0, hardNegativeRatePerHour: 0 }),
      {
        startTime: NIGHT,
        durationSeconds: 300,
        seed: 2,
      },
    );
    return Math.sqrt(trace.data[0]!.reduce((s, v) => s + v * v, 0) / trace.data[0]!.length);
  };
  const levels = CLASSES.map(level);
  for (let i = 1; i < levels.length; i++) assert.ok(levels[i]! > levels[i - 1]!, `${CLASSES[i]} ≤ ${CLASSES[i - 1]}`);
});

test('Peterson models at reference periods (Peterson 1993, Table 1)', () => {
  assert.ok(Math.abs(nlnmAccelerationDb(1) - -166.4) < 1e-9);
  assert.ok(Math.abs(nlnmAccelerationDb(5) - (-71.36 - 99.77 * Math.log10(5))) < 1e-9);
  assert.ok(Math.abs(nhnmAccelerationDb(1) - -116.85) < 1e-9);
  assert.ok(Math.abs(accelerationToVelocityDb(-100, 1 / (2 * Math.PI)) - -100) < 1e-9);
});
