import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample } from './resample.js';

const sine = (f: number, fs: number, n: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs));

test('upsampling 50 → 100 Hz reproduces an in-band sinusoid', () => {
  const y = resample(sine(5, 50, 1000), 50, 100);
  assert.equal(y.length, 1999);
  const ref = sine(5, 100, 1999);
  for (let i = 100; i < 1900; i++) assert.ok(Math.abs(y[i]! - ref[i]!) < 2e-3, `sample ${i}`);
});

test('downsampling 200 → 100 Hz keeps 10 Hz and removes 70 Hz (anti-aliasing) instead of folding it to 30 Hz', () => {
  const x = Float32Array.from(sine(10, 200, 4000), (v, i) => v + sine(70, 200, 4000)[i]!);
  const y = resample(x, 200, 100);
  const ref = sine(10, 100, y.length);
  let err = 0;
  for (let i = 100; i < y.length - 100; i++) err = Math.max(err, Math.abs(y[i]! - ref[i]!));
  assert.ok(err < 0.02, `max error ${err}`);
});

test('40 → 100 Hz gives the expected length and keeps a constant', () => {
  const y = resample(new Float32Array(400).fill(3), 40, 100);
  assert.equal(y.length, 998);
  assert.ok(y.every((v) => Math.abs(v - 3) < 1e-5));
});
