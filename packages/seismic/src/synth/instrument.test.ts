import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { applyInstrument } from './instrument.js';

const FS = 100;

/** Two channels of a sine of `hz` and unit amplitude, 20 s at 100 Hz. */
const sines = (hz: number): Float32Array[] =>
  [0, 1].map((phase) =>
    Float32Array.from({ length: 20 * FS }, (_, i) => Math.sin((2 * Math.PI * hz * i) / FS + phase)),
  );

/** RMS of the second half (the causal filters have settled by then). */
function settledRms(x: Float32Array): number {
  const tail = x.subarray(x.length >> 1);
  return Math.sqrt(tail.reduce((s, v) => s + v * v, 0) / tail.length);
}

/** Output RMS over input RMS of one channel after applying `kind`. */
function gainAt(kind: 'short-period' | 'geophone', hz: number): number {
  const buffers = sines(hz);
  const before = settledRms(buffers[0]!);
  applyInstrument(buffers, kind, FS, createRng(1));
  return settledRms(buffers[0]!) / before;
}

test('a broadband station records the ground velocity as it is and draws nothing', () => {
  const buffers = sines(2);
  const copy = buffers.map((b) => b.slice());
  const rng = createRng(4);
  applyInstrument(buffers, 'broadband', FS, rng);
  assert.deepEqual(buffers, copy);
  assert.equal(rng.next(), createRng(4).next());
});

test('short-period seismometers and geophones cut the band below their corner, the geophone far more', () => {
  const [shortPeriodLow, geophoneLow] = [gainAt('short-period', 0.5), gainAt('geophone', 0.5)];
  assert.ok(shortPeriodLow > 0.1 && shortPeriodLow < 0.5, `short-period at 0.5 Hz: ${shortPeriodLow}`);
  assert.ok(geophoneLow < 0.05, `geophone at 0.5 Hz: ${geophoneLow}`);
  for (const kind of ['short-period', 'geophone'] as const) {
    const high = gainAt(kind, 15);
    assert.ok(high > 0.9 && high < 1.1, `${kind} at 15 Hz: ${high}`);
  }
});

test('an accelerometer records the derivative of velocity plus white self-noise within the documented share', () => {
  const buffers = sines(2);
  const derivative = buffers.map((x) => Float32Array.from(x, (v, i) => (v - (i > 0 ? x[i - 1]! : v)) * FS));
  applyInstrument(buffers, 'accelerometer', FS, createRng(9));
  derivative.forEach((d, c) => {
    const residual = buffers[c]!.map((v, i) => v - d[i]!);
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    const share = rms(residual) / rms(d);
    assert.ok(share >= 0.05 * 0.9 && share <= 0.5 * 1.1, `self-noise share ${share}`);
  });
  const again = sines(2);
  applyInstrument(again, 'accelerometer', FS, createRng(9));
  assert.deepEqual(again, buffers, 'the same seed gives the same self-noise');
});
