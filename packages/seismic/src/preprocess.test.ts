import { test } from 'node:test';
import assert from 'node:assert/strict';
import { butterworthBandpass, powerResponse } from './dsp/biquad.js';
import { preprocessPartialWindow, preprocessWindow } from './preprocess.js';
import { createRng } from './random.js';
import { detectionsFromScores } from './score-runs.js';
import { copyWindow, labelWindows, windowTrace } from './windowing.js';
import type { Trace } from './types.js';

test('the 1–20 Hz Butterworth band-pass is −3 dB at both corners and flat in between', () => {
  const s = butterworthBandpass(4, 1, 20, 100);
  assert.ok(Math.abs(10 * Math.log10(powerResponse(s, 1, 100)) + 3.01) < 0.1);
  assert.ok(Math.abs(10 * Math.log10(powerResponse(s, 20, 100)) + 3.01) < 0.3);
  assert.ok(Math.abs(10 * Math.log10(powerResponse(s, 5, 100))) < 0.1);
  assert.ok(10 * Math.log10(powerResponse(s, 0.2, 100)) < -50);
});

const fs = 100;
const sine = (f: number, n: number, phase = 0): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * f * (i / fs) + phase));

test('preprocessing removes an offset and trend, keeps an in-band signal, and normalises to unit std', () => {
  const n = 1000;
  const x = new Float32Array(n * 3);
  const s5 = sine(5, n);
  for (let t = 0; t < n; t++) for (let c = 0; c < 3; c++) x[t * 3 + c] = 1000 + 3 * t + (c + 1) * s5[t]!;
  preprocessWindow(x, n, 3, fs);
  let sum = 0;
  let sq = 0;
  for (const v of x) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / x.length;
  assert.ok(Math.abs(Math.sqrt(sq / x.length - mean * mean) - 1) < 1e-4);
  // Relative channel amplitudes survive (one std over all channels): E ≈ 3 × Z in the middle.
  const rms = (c: number): number => {
    let s = 0;
    for (let t = 300; t < 700; t++) s += x[t * 3 + c]! ** 2;
    return Math.sqrt(s / 400);
  };
  assert.ok(Math.abs(rms(2) / rms(0) - 3) < 0.05);
});

test('an out-of-band (0.1 Hz) signal is suppressed relative to an in-band (5 Hz) one', () => {
  const n = 1000;
  const low = sine(0.1, n, 0.3);
  const x = Float32Array.from(low, (v, i) => 100 * v + sine(5, n)[i]!);
  preprocessWindow(x, n, 1, fs, { normalize: 'none', detrend: false });
  const mid = x.subarray(300, 700);
  const rms = Math.sqrt(mid.reduce((s, v) => s + v * v, 0) / mid.length);
  assert.ok(Math.abs(rms - Math.SQRT1_2) < 0.05, `rms ${rms}`); // what the 5 Hz sine alone has
});

test('silent channels stay zero', () => {
  const n = 500;
  const x = new Float32Array(n * 3);
  for (let t = 0; t < n; t++) x[t * 3] = Math.sin(t);
  preprocessWindow(x, n, 3, fs);
  for (let t = 0; t < n; t++) {
    assert.equal(x[t * 3 + 1], 0);
    assert.equal(x[t * 3 + 2], 0);
  }
});

test('detection windows are exactly what preprocessWindow makes of the same raw samples (training path)', () => {
  const rng = createRng(1);
  const data = [0, 1, 2].map(() => Float32Array.from({ length: 3000 }, () => rng.normal()));
  const trace: Trace = {
    network: 'XX',
    station: 'A',
    location: '',
    channels: ['HHZ', 'HHN', 'HHE'],
    startTime: 0,
    sampleRate: fs,
    data,
    gaps: [],
  };
  const w = windowTrace(trace, { windowSeconds: 10, hopSeconds: 5 });
  assert.equal(w.count, 5);
  assert.deepEqual(Array.from(w.startTimes), [0, 5000, 10000, 15000, 20000]);
  const raw = new Float32Array(1000 * 3);
  copyWindow(trace, 1000, 1000, raw, 0, 3, 'zeros');
  preprocessWindow(raw, 1000, 3, fs);
  assert.deepEqual(w.x.subarray(2 * 3000, 3 * 3000), raw);
});

test('window labels follow the P-offset rule and scores turn back into one detection per event', () => {
  const starts = Array.from({ length: 20 }, (_, i) => i * 1000);
  const labels = labelWindows(starts, [12_000]); // P at 12 s: windows starting 5–11 s hold it in [1, 7] s
  assert.deepEqual(
    [...labels.keys()].filter((i) => labels[i]),
    [5, 6, 7, 8, 9, 10, 11],
  );
  const det = detectionsFromScores(
    starts,
    Array.from(labels, (v) => v * 0.9),
    0.5,
  );
  assert.deepEqual(det, [12_000]);
});

test('a partial window is its kept samples preprocessed as a window of their own, then zeros', () => {
  const rng = createRng(12);
  const length = 500;
  const kept = 320;
  const channels = 3;
  const raw = Float32Array.from({ length: length * channels }, () => rng.normal() * 40 + 7);
  const partial = preprocessPartialWindow(raw.slice(), length, kept, channels, 100);
  const own = preprocessWindow(raw.slice(0, kept * channels), kept, channels, 100);
  assert.deepEqual(partial.subarray(0, kept * channels), own);
  assert.ok(partial.subarray(kept * channels).every((v) => v === 0));
  assert.ok(own.some((v) => v !== 0));
  for (const bad of [1, length + 1, 10.5]) {
    assert.throws(() => preprocessPartialWindow(raw.slice(), length, bad, channels, 100), {
      code: 'QF_ERR_BAD_OPTIONS',
    });
  }
});
