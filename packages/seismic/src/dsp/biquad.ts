/**
 * Second-order IIR sections (biquads) and Butterworth designs (RBJ audio-EQ cookbook forms, which are
 * the bilinear transform with frequency pre-warping). Filtering runs in transposed direct form II with
 * double-precision state, on interleaved data (stride = channels) so [length, channels] windows filter
 * in place without copies.
 */
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';

/** Normalised coefficients (a0 = 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function normalise(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): Biquad {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

function omega(fc: number, fs: number): { cos: number; sin: number } {
  const w = (2 * Math.PI * fc) / fs;
  return { cos: Math.cos(w), sin: Math.sin(w) };
}

/** Second-order lowpass with quality factor `q`. */
export function lowpassBiquad(fc: number, fs: number, q: number): Biquad {
  const { cos, sin } = omega(fc, fs);
  const alpha = sin / (2 * q);
  return normalise((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
}

/** Second-order highpass with quality factor `q`. */
export function highpassBiquad(fc: number, fs: number, q: number): Biquad {
  const { cos, sin } = omega(fc, fs);
  const alpha = sin / (2 * q);
  return normalise((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
}

/** Second-order bandpass with unit gain at the centre frequency `fc` and quality factor `q`. */
export function bandpassBiquad(fc: number, fs: number, q: number): Biquad {
  const { cos, sin } = omega(fc, fs);
  const alpha = sin / (2 * q);
  return normalise(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
}

/** First-order lowpass (bilinear, pre-warped) expressed as a biquad with b2 = a2 = 0. */
export function onePoleLowpass(fc: number, fs: number): Biquad {
  const k = Math.tan((Math.PI * fc) / fs);
  return normalise(k, k, 0, 1 + k, k - 1, 0);
}

/** Quality factors of the second-order sections of an even-order Butterworth filter. */
function butterworthQs(order: number): number[] {
  if (!Number.isInteger(order) || order < 2 || order % 2 !== 0) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badOptions,
      `Butterworth order must be an even integer ≥ 2, got ${order}`,
    );
  }
  const qs: number[] = [];
  for (let k = 0; k < order / 2; k++) qs.push(1 / (2 * Math.cos(((2 * k + 1) * Math.PI) / (2 * order))));
  return qs;
}

/** Butterworth lowpass of even `order` as cascaded biquads. */
export function butterworthLowpass(order: number, fc: number, fs: number): Biquad[] {
  return butterworthQs(order).map((q) => lowpassBiquad(fc, fs, q));
}

/** Butterworth highpass of even `order` as cascaded biquads. */
export function butterworthHighpass(order: number, fc: number, fs: number): Biquad[] {
  return butterworthQs(order).map((q) => highpassBiquad(fc, fs, q));
}

/** Band-pass as a Butterworth highpass at `low` cascaded with a Butterworth lowpass at `high`. */
export function butterworthBandpass(order: number, low: number, high: number, fs: number): Biquad[] {
  if (!(low > 0 && high > low && high < fs / 2)) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badOptions,
      `band-pass corners must satisfy 0 < low < high < fs/2, got ${low}–${high} Hz at ${fs} Hz`,
    );
  }
  return [...butterworthHighpass(order, low, fs), ...butterworthLowpass(order, high, fs)];
}

/**
 * Filters `count` samples of `data` starting at `offset` with step `stride`, in place, through every
 * section in turn. `reverse` runs backwards, for the second pass of zero-phase filtering. The cascade
 * starts at rest, or from `state` when given (z1, z2 of each section in turn, transposed direct
 * form II), which is then left holding the end state: a stream filtered piece by piece is filtered as
 * one signal.
 */
export function filterInPlace(
  data: Float32Array | Float64Array,
  sections: readonly Biquad[],
  offset = 0,
  stride = 1,
  count = Math.floor((data.length - offset + stride - 1) / stride),
  reverse = false,
  state?: Float64Array,
): void {
  const start = reverse ? offset + (count - 1) * stride : offset;
  const step = reverse ? -stride : stride;
  for (let q = 0; q < sections.length; q++) {
    const { b0, b1, b2, a1, a2 } = sections[q]!;
    let z1 = state ? state[2 * q]! : 0;
    let z2 = state ? state[2 * q + 1]! : 0;
    for (let n = 0, i = start; n < count; n++, i += step) {
      const x = data[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      data[i] = y;
    }
    if (state) {
      state[2 * q] = z1;
      state[2 * q + 1] = z2;
    }
  }
}

/**
 * Filters a window of `count` frames × `channels` interleaved samples starting at `offset`, in place,
 * every channel through every section — the same arithmetic as `filterInPlace` on each channel, from
 * rest or from `state` (channel c's `filterInPlace` state at `c · 2 · sections.length`, left holding
 * the end states). Three channels (the Z/N/E windows of detection and training) run in one loop: a
 * biquad's recursion is latency-bound, so three independent channels per iteration cost about what one
 * does; other channel counts filter one channel at a time.
 */
export function filterInterleaved(
  data: Float32Array,
  sections: readonly Biquad[],
  offset: number,
  channels: number,
  count: number,
  reverse = false,
  state?: Float64Array,
): void {
  const width = 2 * sections.length;
  if (channels !== 3) {
    for (let c = 0; c < channels; c++) {
      filterInPlace(data, sections, offset + c, channels, count, reverse, state?.subarray(c * width, (c + 1) * width));
    }
    return;
  }
  const first = reverse ? offset + 3 * (count - 1) : offset;
  const step = reverse ? -3 : 3;
  for (let q = 0; q < sections.length; q++) {
    const { b0, b1, b2, a1, a2 } = sections[q]!;
    const z = 2 * q; // channel c's z1, z2 of this section: state[c · width + z], state[c · width + z + 1]
    let zu1 = state ? state[z]! : 0;
    let zu2 = state ? state[z + 1]! : 0;
    let zv1 = state ? state[width + z]! : 0;
    let zv2 = state ? state[width + z + 1]! : 0;
    let zw1 = state ? state[2 * width + z]! : 0;
    let zw2 = state ? state[2 * width + z + 1]! : 0;
    for (let n = 0, i = first; n < count; n++, i += step) {
      const u = data[i]!;
      const v = data[i + 1]!;
      const w = data[i + 2]!;
      const yu = b0 * u + zu1;
      const yv = b0 * v + zv1;
      const yw = b0 * w + zw1;
      zu1 = b1 * u - a1 * yu + zu2;
      zv1 = b1 * v - a1 * yv + zv2;
      zw1 = b1 * w - a1 * yw + zw2;
      zu2 = b2 * u - a2 * yu;
      zv2 = b2 * v - a2 * yv;
      zw2 = b2 * w - a2 * yw;
      data[i] = yu;
      data[i + 1] = yv;
      data[i + 2] = yw;
    }
    if (state) {
      state[z] = zu1;
      state[z + 1] = zu2;
      state[width + z] = zv1;
      state[width + z + 1] = zv2;
      state[2 * width + z] = zw1;
      state[2 * width + z + 1] = zw2;
    }
  }
}

/** Power response |H(e^{jω})|² of a cascade at frequency `f`. */
export function powerResponse(sections: readonly Biquad[], f: number, fs: number): number {
  const w = (2 * Math.PI * f) / fs;
  const c1 = Math.cos(w);
  const s1 = Math.sin(w);
  const c2 = Math.cos(2 * w);
  const s2 = Math.sin(2 * w);
  let g = 1;
  for (const { b0, b1, b2, a1, a2 } of sections) {
    const nr = b0 + b1 * c1 + b2 * c2;
    const ni = -(b1 * s1 + b2 * s2);
    const dr = 1 + a1 * c1 + a2 * c2;
    const di = -(a1 * s1 + a2 * s2);
    g *= (nr * nr + ni * ni) / (dr * dr + di * di);
  }
  return g;
}
