/**
 * Windows cut from a stream (`StreamWindows`) against the per-window path (`copyWindow` +
 * `preprocessWindow`) on the same raw samples: equal within float rounding for every option the stream
 * form supports, across gaps in the window grid, offsets, trends and Z-only traces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocessWindow, type PreprocessOptions } from './preprocess.js';
import { StreamWindows, streamPreprocessingSupported } from './preprocess-stream.js';
import { createRng } from './random.js';
import { copyWindow } from './windowing.js';

const fs = 100;

/** Channels with a large offset, a drift, a slow swell and noise, different on every channel. */
function channels(seed: number, n: number, count: number, offset = 20_000): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, c) =>
    Float32Array.from(
      { length: n },
      (_, i) => offset * (c + 1) + 0.01 * i + 500 * Math.sin(i / 90 + c) + 30 * rng.normal(),
    ),
  );
}

function perWindow(
  data: Float32Array[],
  starts: Int32Array,
  length: number,
  width: number,
  options: PreprocessOptions,
): Float32Array {
  const out = new Float32Array(starts.length * length * width);
  starts.forEach((s, k) => {
    copyWindow({ data }, s, length, out, k, width, 'zeros');
    preprocessWindow(out.subarray(k * length * width, (k + 1) * length * width), length, width, fs, options);
  });
  return out;
}

function assertClose(actual: Float32Array, expected: Float32Array, size: number): void {
  for (let k = 0; k < expected.length / size; k++) {
    let peak = 0;
    let worst = 0;
    for (let i = k * size; i < (k + 1) * size; i++) {
      peak = Math.max(peak, Math.abs(expected[i]!));
      worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    }
    assert.ok(worst <= 1e-5 * peak, `window ${k}: error ${worst} against peak ${peak}`);
  }
}

const cases: [string, PreprocessOptions][] = [
  ['the default options', {}],
  ['peak normalisation, another band and taper', { normalize: 'peak', bandHz: [2, 15], taperFraction: 0.1 }],
  ['no detrending, no normalisation', { detrend: false, normalize: 'none' }],
  ['no taper', { taperFraction: 0 }],
  ['half-window tapers', { taperFraction: 0.5, order: 2 }],
];
for (const [name, options] of cases) {
  test(`stream windows equal per-window preprocessing with ${name}`, () => {
    const data = channels(1, 9000, 3);
    // Overlapping windows, then a jump (a skipped stretch, as after a gap), then more overlap.
    const starts = Int32Array.from([0, 200, 400, 600, 3100, 3300, 5000, 7000, 7999]);
    const windows = new StreamWindows(data, starts, 1000, 3, fs, options);
    assertClose(windows.cut(0, starts.length), perWindow(data, starts, 1000, 3, options), 3000);
  });
}

test('a Z-only trace makes zero N and E slots, as copyWindow does', () => {
  const data = channels(2, 4000, 1);
  const starts = Int32Array.from([0, 500, 1000, 2500]);
  const out = new StreamWindows(data, starts, 1000, 3, fs).cut(0, starts.length);
  assertClose(out, perWindow(data, starts, 1000, 3, {}), 3000);
});

// The kernels take two channels together, a third alone, and write any channel count one channel at a
// time: two trace channels, and windows wider than the trace, go the other ways.
test('a two-channel trace, and two channels into four window slots, equal the per-window path', () => {
  const data = channels(7, 5000, 2);
  const starts = Int32Array.from([0, 300, 1700, 4000]);
  assertClose(new StreamWindows(data, starts, 1000, 2, fs).cut(0, 4), perWindow(data, starts, 1000, 2, {}), 2000);
  assertClose(new StreamWindows(data, starts, 1000, 4, fs).cut(0, 4), perWindow(data, starts, 1000, 4, {}), 4000);
});

test('an odd window length and an offset of millions of counts equal the per-window path', () => {
  // The slow stretch is written in float32: its weights must carry no trace of the offset.
  const data = channels(8, 6000, 3, 3_000_000);
  const starts = Int32Array.from([0, 137, 1001, 2999, 4900]);
  const out = new StreamWindows(data, starts, 1001, 3, fs).cut(0, starts.length);
  assertClose(out, perWindow(data, starts, 1001, 3, {}), 3003);
});

test('windows cut in batches equal windows cut at once', () => {
  const data = channels(3, 6000, 3);
  const starts = Int32Array.from({ length: 20 }, (_, k) => k * 250);
  const windows = new StreamWindows(data, starts, 1000, 3, fs);
  const all = windows.cut(0, 20).slice();
  assert.deepEqual(windows.cut(9, 7), all.subarray(9 * 3000, 16 * 3000));
});

test('zero-phase options are refused: they are not causal', () => {
  assert.equal(streamPreprocessingSupported({ zeroPhase: true }), false);
  assert.throws(() => new StreamWindows(channels(4, 2000, 3), Int32Array.from([0]), 1000, 3, fs, { zeroPhase: true }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});

test('starts out of order or past the data, and a range past the windows, are refused', () => {
  const data = channels(5, 2000, 3);
  assert.throws(() => new StreamWindows(data, Int32Array.from([500, 100]), 1000, 3, fs), { code: 'QF_ERR_BAD_TRACE' });
  assert.throws(() => new StreamWindows(data, Int32Array.from([1001]), 1000, 3, fs), { code: 'QF_ERR_BAD_TRACE' });
  const windows = new StreamWindows(data, Int32Array.from([0, 1000]), 1000, 3, fs);
  assert.throws(() => windows.cut(1, 2), { code: 'QF_ERR_BAD_TRACE' });
  assert.throws(() => windows.cut(-1, 1), { code: 'QF_ERR_BAD_TRACE' });
});

test('batches from a long trace (a sliding buffer), then all windows again from the start, equal the per-window path', () => {
  const data = channels(6, 200_000, 3);
  // A jump after window 300, as after a gap: the stream restarts there.
  const starts = Int32Array.from({ length: 600 }, (_, k) => k * 320 + (k > 300 ? 5000 : 0));
  const expected = perWindow(data, starts, 1000, 3, {});
  const windows = new StreamWindows(data, starts, 1000, 3, fs);
  const batched = new Float32Array(starts.length * 3000);
  for (let f = 0; f < starts.length; f += 37) batched.set(windows.cut(f, Math.min(37, starts.length - f)), f * 3000);
  assertClose(batched, expected, 3000);
  // Back to the start (filtered again), in one batch wider than the buffer.
  assertClose(windows.cut(0, starts.length), expected, 3000);
});
