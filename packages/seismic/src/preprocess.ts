/**
 * The one preprocessing every classifier input goes through, in training and in detection:
 * demean → linear detrend → cosine taper → Butterworth band-pass (cascaded biquads; causal by default,
 * zero-phase optional) → per-window normalisation. Windows are [length, channels] interleaved
 * (channels last), exactly the layout of `WindowSet.x`.
 */
import { butterworthBandpass, filterInPlace, type Biquad } from './dsp/biquad.js';
import { PREPROCESS_DEFAULTS } from './defaults.js';
import { SeismicError } from './errors.js';
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

/** Applies a cosine (Tukey) taper to both ends of a strided channel, in place. */
function taper(x: Float32Array, offset: number, stride: number, n: number, fraction: number): void {
  const m = Math.min(Math.floor(n * fraction), Math.floor(n / 2));
  for (let t = 0; t < m; t++) {
    const w = 0.5 - 0.5 * Math.cos((Math.PI * t) / m);
    x[offset + t * stride]! *= w;
    x[offset + (n - 1 - t) * stride]! *= w;
  }
}

function checkOptions(o: typeof PREPROCESS_DEFAULTS, sampleRate: number): void {
  if (!(o.bandHz[0] > 0 && o.bandHz[1] > o.bandHz[0] && o.bandHz[1] < sampleRate / 2)) {
    throw new SeismicError('QF_ERR_BAD_OPTIONS', `band ${o.bandHz[0]}–${o.bandHz[1]} Hz is not inside (0, ${sampleRate / 2}) Hz`);
  }
  if (!(o.taperFraction >= 0 && o.taperFraction <= 0.5)) {
    throw new SeismicError('QF_ERR_BAD_OPTIONS', `taperFraction must be in [0, 0.5], got ${o.taperFraction}`);
  }
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
  const o = { ...PREPROCESS_DEFAULTS, ...options };
  checkOptions(o, sampleRate);
  if (x.length < length * channels) {
    throw new SeismicError('QF_ERR_BAD_TRACE', `window holds ${x.length} samples, expected ${length * channels}`);
  }
  const sections = bandpassFor(sampleRate, o);
  for (let c = 0; c < channels; c++) {
    removeTrend(x, c, channels, length, o.detrend);
    taper(x, c, channels, length, o.taperFraction);
    filterInPlace(x, sections, c, channels, length);
    if (o.zeroPhase) filterInPlace(x, sections, c, channels, length, true);
  }
  normalizeWindow(x, length * channels, o.normalize);
  return x;
}

/** Divides the first `n` samples by their standard deviation or peak (no-op for a silent window). */
function normalizeWindow(x: Float32Array, n: number, mode: 'std' | 'peak' | 'none'): void {
  if (mode === 'none') return;
  let scale = 0;
  if (mode === 'peak') {
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]!));
  } else {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      s += x[i]!;
      s2 += x[i]! * x[i]!;
    }
    scale = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
  }
  if (!(scale > 0)) return;
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) x[i]! *= inv;
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
