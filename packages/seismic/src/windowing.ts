/**
 * Cutting traces into classifier windows for detection (scores turn back into detections in
 * `score-runs.ts`). Label rule (shared with the labelled-window generator): a window is positive when a P
 * arrival lies in [start + pOffsetRangeSeconds[0], start + pOffsetRangeSeconds[1]].
 */
import { WINDOW_DEFAULTS } from './defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from './errors.js';
import { preprocessWindow, type PreprocessOptions } from './preprocess.js';
import type { Trace } from './types.js';

/** How a station with fewer components fills the model's channel slots. */
export type ZOnlyPolicy = 'zeros' | 'copy-z';

/** Options of `windowTrace`; defaults in `WINDOW_DEFAULTS`. */
export interface WindowTraceOptions {
  windowSeconds?: number;
  hopSeconds?: number;
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
 * Cuts `trace` into windows of `windowSeconds` every `hopSeconds` and preprocesses each with `preprocessWindow`
 * (the function training windows went through). The trace must be at the model's rate already.
 */
export function windowTrace(trace: Trace, options: WindowTraceOptions = {}): TraceWindows {
  const o = { ...WINDOW_DEFAULTS, ...options };
  const fs = trace.sampleRate;
  const length = Math.round(o.windowSeconds * fs);
  const hop = Math.round(o.hopSeconds * fs);
  if (!(hop >= 1 && length >= 2)) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badOptions,
      `windowSeconds/hopSeconds give ${length}/${hop} samples at ${fs} Hz`,
    );
  }
  const n = trace.data[0]?.length ?? 0;
  const count = n >= length ? Math.floor((n - length) / hop) + 1 : 0;
  const x = new Float32Array(count * length * o.channels);
  const startTimes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    copyWindow(trace, i * hop, length, x, i, o.channels, o.zOnlyPolicy);
    preprocessWindow(
      x.subarray(i * length * o.channels, (i + 1) * length * o.channels),
      length,
      o.channels,
      fs,
      o.preprocess,
    );
    startTimes[i] = trace.startTime + ((i * hop) / fs) * 1000;
  }
  return { x, count, length, channels: o.channels, startTimes };
}

/** Labels windows by the shared rule: 1 when a P arrival (epoch ms) lies in the window's P range. */
export function labelWindows(
  startTimes: ArrayLike<number>,
  pArrivalTimes: ArrayLike<number>,
  pOffsetRangeSeconds: readonly [number, number] = WINDOW_DEFAULTS.pOffsetRangeSeconds,
): Uint8Array {
  const labels = new Uint8Array(startTimes.length);
  const p = Array.from(pArrivalTimes).sort((a, b) => a - b);
  for (let i = 0; i < startTimes.length; i++) {
    const lo = startTimes[i]! + pOffsetRangeSeconds[0] * 1000;
    const hi = startTimes[i]! + pOffsetRangeSeconds[1] * 1000;
    labels[i] = p.some((t) => t >= lo && t <= hi) ? 1 : 0;
  }
  return labels;
}

/** Windows labelled quake (label > 0) among `labels`. */
export function countPositives(labels: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < labels.length; i++) n += labels[i]! > 0 ? 1 : 0;
  return n;
}
