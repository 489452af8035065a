/**
 * The fast preprocessing (plans cached per window shape, three channels filtered in one loop) against a
 * plain reference written from the definition: each channel on its own, in double precision, demean →
 * detrend → cosine taper → biquad cascade (→ backwards again when zero-phase) → normalisation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { butterworthBandpass } from './dsp/biquad.js';
import { PREPROCESS_DEFAULTS } from './defaults.js';
import { preprocessWindow, preprocessWindows, type PreprocessOptions } from './preprocess.js';
import { createRng } from './random.js';

const fs = 100;

function referenceCascade(y: Float64Array, o: typeof PREPROCESS_DEFAULTS): void {
  for (const { b0, b1, b2, a1, a2 } of butterworthBandpass(o.order, o.bandHz[0], o.bandHz[1], fs)) {
    const x = Float64Array.from(y);
    for (let t = 0; t < y.length; t++) {
      // Direct form I: y[t] = b0 x[t] + b1 x[t−1] + b2 x[t−2] − a1 y[t−1] − a2 y[t−2].
      y[t] = b0 * x[t]! + b1 * (x[t - 1] ?? 0) + b2 * (x[t - 2] ?? 0) - a1 * (y[t - 1] ?? 0) - a2 * (y[t - 2] ?? 0);
    }
  }
}

function referencePreprocess(x: Float32Array, n: number, channels: number, options: PreprocessOptions): Float64Array {
  const o = { ...PREPROCESS_DEFAULTS, ...options };
  const out = new Float64Array(n * channels);
  for (let c = 0; c < channels; c++) {
    const y = Float64Array.from({ length: n }, (_, t) => x[t * channels + c]!);
    const mean = y.reduce((s, v) => s + v, 0) / n;
    const tMean = (n - 1) / 2;
    let num = 0;
    let den = 0;
    for (let t = 0; t < n; t++) {
      num += (t - tMean) * (y[t]! - mean);
      den += (t - tMean) ** 2;
    }
    const slope = o.detrend ? num / den : 0;
    const m = Math.min(Math.floor(n * o.taperFraction), Math.floor(n / 2));
    for (let t = 0; t < n; t++) {
      const edge = Math.min(t, n - 1 - t);
      const w = edge < m ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / m) : 1;
      y[t] = (y[t]! - mean - slope * (t - tMean)) * w;
    }
    referenceCascade(y, o);
    if (o.zeroPhase) {
      y.reverse();
      referenceCascade(y, o);
      y.reverse();
    }
    for (let t = 0; t < n; t++) out[t * channels + c] = y[t]!;
  }
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  const std = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / out.length);
  const peak = out.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  const scale = o.normalize === 'std' ? std : o.normalize === 'peak' ? peak : 1;
  return out.map((v) => v / scale);
}

/** A seeded window with an offset, a trend and noise, different on every channel. */
function randomWindow(seed: number, n: number, channels: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from(
    { length: n * channels },
    (_, i) => 300 * ((i % channels) + 1) + 0.05 * i + 40 * rng.normal(),
  );
}

function assertClose(actual: Float32Array, expected: Float64Array): void {
  const peak = expected.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst / peak <= 1e-5, `relative error ${worst / peak}`);
}

for (const channels of [3, 1, 2]) {
  test(`preprocessWindow on ${channels} channel(s) matches the reference (relative error ≤ 1e-5)`, () => {
    for (const seed of [1, 2, 3]) {
      const x = randomWindow(seed, 1000, channels);
      const expected = referencePreprocess(x, 1000, channels, {});
      assertClose(preprocessWindow(x, 1000, channels, fs), expected);
    }
  });
}

test('zero-phase filtering with peak normalisation matches the reference', () => {
  const options: PreprocessOptions = { zeroPhase: true, normalize: 'peak', bandHz: [2, 15], taperFraction: 0.1 };
  const x = randomWindow(4, 800, 3);
  const expected = referencePreprocess(x, 800, 3, options);
  assertClose(preprocessWindow(x, 800, 3, fs, options), expected);
});

test('without detrending or normalisation the output matches the reference', () => {
  const options: PreprocessOptions = { detrend: false, normalize: 'none' };
  const x = randomWindow(5, 1000, 3);
  const expected = referencePreprocess(x, 1000, 3, options);
  assertClose(preprocessWindow(x, 1000, 3, fs, options), expected);
});

test('a batch through preprocessWindows is exactly each window through preprocessWindow', () => {
  const count = 4;
  const batch = new Float32Array(count * 3000);
  for (let k = 0; k < count; k++) batch.set(randomWindow(10 + k, 1000, 3), k * 3000);
  const one = batch.slice();
  for (let k = 0; k < count; k++) preprocessWindow(one.subarray(k * 3000, (k + 1) * 3000), 1000, 3, fs);
  assert.deepEqual(preprocessWindows(batch, count, 1000, 3, fs), one);
});

test('preprocessWindows rejects a batch shorter than count windows', () => {
  assert.throws(() => preprocessWindows(new Float32Array(5999), 2, 1000, 3, fs), { code: 'QF_ERR_BAD_TRACE' });
});
