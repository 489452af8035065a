/**
 * Cutting traces into classifier windows for detection, and turning window scores back into event
 * detections. Label rule (shared with the labelled-window generator): a window is positive when a P
 * arrival lies in [start + pOffsetRangeS[0], start + pOffsetRangeS[1]].
 */
import { WINDOW_DEFAULTS } from './defaults.js';
import { SeismicError } from './errors.js';
import { preprocessWindow, type PreprocessOptions } from './preprocess.js';
import type { Trace } from './types.js';

/** How a station with fewer components fills the model's channel slots. */
export type ZOnlyPolicy = 'zeros' | 'copy-z';

/** Options of `windowTrace`; defaults in `WINDOW_DEFAULTS`. */
export interface WindowTraceOptions {
  windowS?: number;
  hopS?: number;
  /** Channels the model expects (3: Z, N, E). */
  channels?: number;
  zOnlyPolicy?: ZOnlyPolicy;
  preprocess?: PreprocessOptions;
}

/** Unlabelled, preprocessed windows of a trace (`WindowSet` layout) with their start times. */
export interface TraceWindows {
  x: Float32Array;
  count: number;
  length: number;
  channels: number;
  /** Epoch ms of each window's first sample. */
  startTimes: Float64Array;
}

/**
 * Copies samples [from, from + length) of `trace` into `out` at window slot `slot`, channels last,
 * filling missing components by `policy`.
 */
export function copyWindow(
  trace: Pick<Trace, 'data'>,
  from: number,
  length: number,
  out: Float32Array,
  slot: number,
  channels: number,
  policy: ZOnlyPolicy,
): void {
  const base = slot * length * channels;
  for (let c = 0; c < channels; c++) {
    const src = trace.data[c] ?? (policy === 'copy-z' ? trace.data[0] : undefined);
    if (!src) continue; // zeros (the buffer is zero-initialised)
    for (let t = 0; t < length; t++) out[base + t * channels + c] = src[from + t]!;
  }
}

/**
 * Cuts `trace` into windows of `windowS` every `hopS` and preprocesses each with `preprocessWindow`
 * (the function training windows went through). The trace must be at the model's rate already.
 */
export function windowTrace(trace: Trace, options: WindowTraceOptions = {}): TraceWindows {
  const o = { ...WINDOW_DEFAULTS, ...options };
  const fs = trace.sampleRate;
  const length = Math.round(o.windowS * fs);
  const hop = Math.round(o.hopS * fs);
  if (!(hop >= 1 && length >= 2)) {
    throw new SeismicError('QF_ERR_BAD_OPTIONS', `windowS/hopS give ${length}/${hop} samples at ${fs} Hz`);
  }
  const n = trace.data[0]?.length ?? 0;
  const count = n >= length ? Math.floor((n - length) / hop) + 1 : 0;
  const x = new Float32Array(count * length * o.channels);
  const startTimes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    copyWindow(trace, i * hop, length, x, i, o.channels, o.zOnlyPolicy);
    preprocessWindow(x.subarray(i * length * o.channels, (i + 1) * length * o.channels), length, o.channels, fs, o.preprocess);
    startTimes[i] = trace.startTime + ((i * hop) / fs) * 1000;
  }
  return { x, count, length, channels: o.channels, startTimes };
}

/** Labels windows by the shared rule: 1 when a P arrival (epoch ms) lies in the window's P range. */
export function labelWindows(
  startTimes: ArrayLike<number>,
  pArrivalTimes: ArrayLike<number>,
  pOffsetRangeS: readonly [number, number] = WINDOW_DEFAULTS.pOffsetRangeS,
): Uint8Array {
  const labels = new Uint8Array(startTimes.length);
  const p = Array.from(pArrivalTimes).sort((a, b) => a - b);
  for (let i = 0; i < startTimes.length; i++) {
    const lo = startTimes[i]! + pOffsetRangeS[0] * 1000;
    const hi = startTimes[i]! + pOffsetRangeS[1] * 1000;
    labels[i] = p.some((t) => t >= lo && t <= hi) ? 1 : 0;
  }
  return labels;
}

/**
 * Turns window scores into event detections (epoch ms). Windows scoring ≥ threshold whose starts are
 * at most `mergeGapS` apart form one detection; its time is the centre of the P-arrival interval all
 * its windows agree on, [last start + pMin, first start + pMax] (the midpoint of the union if empty).
 */
export function detectionsFromScores(
  startTimes: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  options: { pOffsetRangeS?: readonly [number, number]; mergeGapS?: number } = {},
): number[] {
  const [pMin, pMax] = options.pOffsetRangeS ?? WINDOW_DEFAULTS.pOffsetRangeS;
  const gap = (options.mergeGapS ?? WINDOW_DEFAULTS.mergeGapS) * 1000;
  const out: number[] = [];
  let first = Number.NaN;
  let last = Number.NaN;
  const flush = (): void => {
    if (Number.isNaN(first)) return;
    const lo = last + pMin * 1000;
    const hi = first + pMax * 1000;
    out.push(lo <= hi ? (lo + hi) / 2 : (first + pMin * 1000 + last + pMax * 1000) / 2);
    first = Number.NaN;
  };
  for (let i = 0; i < startTimes.length; i++) {
    if (!(scores[i]! >= threshold)) continue;
    const t = startTimes[i]!;
    if (!Number.isNaN(first) && t - last > gap) flush();
    if (Number.isNaN(first)) first = t;
    last = t;
  }
  flush();
  return out;
}
