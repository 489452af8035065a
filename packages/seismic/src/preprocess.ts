/**
 * The one preprocessing every classifier input goes through, in training and in detection:
 * demean → linear detrend → cosine taper → Butterworth band-pass (cascaded biquads; causal by default,
 * zero-phase optional) → per-window normalisation. Windows are [length, channels] interleaved
 * (channels last), exactly the layout of `WindowSet.x`.
 *
 * Speed matters (detection preprocesses every sample windowSeconds / hopSeconds times): the per-window constants
 * (filter design, taper weights, validated options) are resolved once per window shape and options,
 * and the three channels of a window are filtered in one loop (`filterInterleaved`). A plain reference
 * in `preprocess-reference.test.ts` checks the result.
 */
import { butterworthBandpass, filterInPlace, filterInterleaved, type Biquad } from './dsp/biquad.js';
import { PREPROCESS_DEFAULTS } from './defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from './errors.js';
import type { Trace } from './types.js';

/** Options of the preprocessing; defaults in `PREPROCESS_DEFAULTS`. */
export type PreprocessOptions = Partial<typeof PREPROCESS_DEFAULTS>;

const designCache = new Map<string, Biquad[]>();

/** The band-pass sections for a rate and options (designed once per combination). */
function bandpassFor(sampleRate: number, o: typeof PREPROCESS_DEFAULTS): Biquad[] {
  const key = `${sampleRate}|${o.order}|${o.bandHz[0]}|${o.bandHz[1]}`;
  let s = designCache.get(key);
  if (!s) {
    s = butterworthBandpass(o.order, o.bandHz[0], o.bandHz[1], sampleRate);
    designCache.set(key, s);
  }
  return s;
}

/** Removes the least-squares line (or just the mean) from a strided channel, in place. */
function removeTrend(x: Float32Array, offset: number, stride: number, n: number, detrend: boolean): void {
  let sy = 0;
  let sty = 0;
  for (let t = 0, i = offset; t < n; t++, i += stride) {
    const v = x[i]!;
    sy += v;
    sty += t * v;
  }
  const mean = sy / n;
  let slope = 0;
  if (detrend && n > 1) {
    const tMean = (n - 1) / 2;
    const stt = (n * (n * n - 1)) / 12; // Σ (t − t̄)²
    slope = (sty - tMean * sy) / stt;
  }
  const tMean = (n - 1) / 2;
  for (let t = 0, i = offset; t < n; t++, i += stride) x[i] = x[i]! - mean - slope * (t - tMean);
}

/** Weights of a cosine (Tukey) taper's rising half for a window of `n` samples. */
function taperWeights(n: number, fraction: number): Float64Array {
  const m = Math.min(Math.floor(n * fraction), Math.floor(n / 2));
  return Float64Array.from({ length: m }, (_, t) => 0.5 - 0.5 * Math.cos((Math.PI * t) / m));
}

/** Applies the taper `w` to both ends of a strided channel, in place. */
function taper(x: Float32Array, offset: number, stride: number, n: number, w: Float64Array): void {
  for (let t = 0; t < w.length; t++) {
    x[offset + t * stride]! *= w[t]!;
    x[offset + (n - 1 - t) * stride]! *= w[t]!;
  }
}

function checkOptions(o: typeof PREPROCESS_DEFAULTS, sampleRate: number): void {
  if (!(o.bandHz[0] > 0 && o.bandHz[1] > o.bandHz[0] && o.bandHz[1] < sampleRate / 2)) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badOptions,
      `band ${o.bandHz[0]}–${o.bandHz[1]} Hz is not inside (0, ${sampleRate / 2}) Hz`,
    );
  }
  if (!(o.taperFraction >= 0 && o.taperFraction <= 0.5)) {
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `taperFraction must be in [0, 0.5], got ${o.taperFraction}`);
  }
}

/**
 * Everything the per-window steps need, validated and precomputed once per window shape and options
 * (shared with the stream form in `preprocess-stream.ts`, which must make the same windows).
 */
export interface WindowPlan {
  length: number;
  channels: number;
  sections: Biquad[];
  taper: Float64Array;
  options: typeof PREPROCESS_DEFAULTS;
}

const planCache = new Map<string, WindowPlan>();

/** The cached plan of a window shape and options. @throws SeismicError QF_ERR_BAD_OPTIONS */
export function planFor(length: number, channels: number, sampleRate: number, options: PreprocessOptions): WindowPlan {
  const o = { ...PREPROCESS_DEFAULTS, ...options };
  const key = `${length}|${channels}|${sampleRate}|${o.order}|${o.bandHz[0]}|${o.bandHz[1]}|${o.zeroPhase}|${o.taperFraction}|${o.normalize}|${o.detrend}`;
  let plan = planCache.get(key);
  if (!plan) {
    checkOptions(o, sampleRate);
    plan = {
      length,
      channels,
      sections: bandpassFor(sampleRate, o),
      taper: taperWeights(length, o.taperFraction),
      options: o,
    };
    planCache.set(key, plan);
  }
  return plan;
}

/** Runs the per-window steps on the window at `offset` of `x`, in place. */
function applyPlan(x: Float32Array, offset: number, plan: WindowPlan): void {
  const { length, channels, sections, options: o } = plan;
  for (let c = 0; c < channels; c++) {
    removeTrend(x, offset + c, channels, length, o.detrend);
    taper(x, offset + c, channels, length, plan.taper);
  }
  filterInterleaved(x, sections, offset, channels, length);
  if (o.zeroPhase) filterInterleaved(x, sections, offset, channels, length, true);
  normalizeWindow(x, offset, length * channels, o.normalize);
}

/**
 * Preprocesses one window in place: `x` holds `length × channels` samples, channels last. All-zero
 * channels (e.g. the N/E slots of a Z-only station) stay zero. Returns `x`.
 */
export function preprocessWindow(
  x: Float32Array,
  length: number,
  channels: number,
  sampleRate: number,
  options: PreprocessOptions = {},
): Float32Array {
  return preprocessWindows(x, 1, length, channels, sampleRate, options);
}

/**
 * Preprocesses `count` consecutive windows of `x` ([count, length, channels]) in place, each exactly as
 * `preprocessWindow` does; the options are resolved once for the whole batch. Returns `x`.
 */
export function preprocessWindows(
  x: Float32Array,
  count: number,
  length: number,
  channels: number,
  sampleRate: number,
  options: PreprocessOptions = {},
): Float32Array {
  const plan = planFor(length, channels, sampleRate, options);
  const size = length * channels;
  if (x.length < count * size) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badTrace,
      `${count} window(s) need ${count * size} samples, got ${x.length}`,
    );
  }
  for (let k = 0; k < count; k++) applyPlan(x, k * size, plan);
  return x;
}

/**
 * Preprocesses a window of which only the first `keptSamples` are data (the end of a trace, or a
 * training window cut short to look like one): those samples are preprocessed as a window of their own
 * length, exactly as `preprocessWindow` does, and the rest of the `length` samples are zeros. Training
 * and detection both build such windows with this function, so a model sees the same inputs in both.
 * Returns `x`.
 */
export function preprocessPartialWindow(
  x: Float32Array,
  length: number,
  keptSamples: number,
  channels: number,
  sampleRate: number,
  options: PreprocessOptions = {},
): Float32Array {
  if (!(Number.isInteger(keptSamples) && keptSamples >= 2 && keptSamples <= length)) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badOptions,
      `a partial window keeps 2…${length} samples, got ${keptSamples}`,
    );
  }
  preprocessWindow(x.subarray(0, keptSamples * channels), keptSamples, channels, sampleRate, options);
  x.fill(0, keptSamples * channels, length * channels);
  return x;
}

/** Divides the `n` samples at `offset` by their standard deviation or peak (no-op for a silent window). */
export function normalizeWindow(x: Float32Array, offset: number, n: number, mode: 'std' | 'peak' | 'none'): void {
  if (mode === 'none') return;
  const end = offset + n;
  let scale = 0;
  if (mode === 'peak') {
    for (let i = offset; i < end; i++) scale = Math.max(scale, Math.abs(x[i]!));
  } else {
    let s = 0;
    let s2 = 0;
    for (let i = offset; i < end; i++) {
      s += x[i]!;
      s2 += x[i]! * x[i]!;
    }
    scale = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
  }
  scaleWindow(x, offset, n, scale);
}

/** Divides the `n` samples at `offset` by `scale` (no-op unless it is positive: a silent window). */
export function scaleWindow(x: Float32Array, offset: number, n: number, scale: number): void {
  if (!(scale > 0)) return;
  const inv = 1 / scale;
  for (let i = offset, end = offset + n; i < end; i++) x[i]! *= inv;
}

/**
 * Demeans, detrends and band-passes every channel of a whole trace (no taper, no normalisation):
 * the continuous-stream form used by STA/LTA and for display. Returns a new trace.
 */
export function preprocessTrace(trace: Trace, options: PreprocessOptions = {}): Trace {
  const o = { ...PREPROCESS_DEFAULTS, ...options };
  checkOptions(o, trace.sampleRate);
  const sections = bandpassFor(trace.sampleRate, o);
  const data = trace.data.map((d) => {
    const x = Float32Array.from(d);
    removeTrend(x, 0, 1, x.length, o.detrend);
    filterInPlace(x, sections);
    if (o.zeroPhase) filterInPlace(x, sections, 0, 1, x.length, true);
    return x;
  });
  return { ...trace, data, channels: [...trace.channels], gaps: [...trace.gaps] };
}
