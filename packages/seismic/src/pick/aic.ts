/**
 * In-window P onset picking by the Akaike information criterion (Maeda 1985), the picker classical
 * automatic systems run after a trigger: split a window at sample k into two stationary segments and
 * take the k where they are best told apart,
 *
 *   AIC(k) = k · ln var(x[0, k)) + (n − k − 1) · ln var(x[k, n)),
 *
 * with var the variance summed over the components (a zero channel — a vertical-only station's N and
 * E slots — adds nothing), so three components cost two logarithms per split, not six. Variances come
 * from prefix sums, so a window costs O(length × channels). The detector dates a run of positive windows by the pick of its best window
 * instead of the middle of the label rule's P span: the picks follow the onset to a fraction of a
 * second, the span only to ± half its width and the hop.
 */
import { PREPROCESS_DEFAULTS, WINDOW_DEFAULTS } from '../defaults.js';

/** Where in a window the picker looks. */
export interface WindowPickOptions {
  /** Part of the window the segments' variances are taken over, s after its start. */
  analysisSeconds?: readonly [number, number];
  /** Candidate onsets, s after the window's start (inside `analysisSeconds`). */
  searchSeconds?: readonly [number, number];
  /** Smallest ratio of the variance after the pick to the variance before it for a window to have an
   *  onset at all: below it the AIC's minimum is noise, and the window gives no pick. */
  minVarianceRatio?: number;
}

/** Seconds of each window end that preprocessing tapers. */
const TAPER_SECONDS = PREPROCESS_DEFAULTS.taperFraction * WINDOW_DEFAULTS.windowSeconds;

/** End of the AIC's variance span: the data every partial window holds (the P span and 6 s after it),
 *  short of most S arrivals, whose larger variance step would draw the pick. */
const ANALYSIS_END_SECONDS = Math.min(WINDOW_DEFAULTS.windowSeconds - TAPER_SECONDS, WINDOW_DEFAULTS.minPartialSeconds);

/**
 * Defaults: the variances leave out the tapered ends and the band-pass filter's first 0.2 s of
 * settling (the taper's rise is itself a variance change the AIC would take for an onset in a weak
 * window); candidates run over the label rule's P span, widened by 1.5 s after it so an onset the
 * model saw just past the span is still found.
 */
export const PICK_DEFAULTS = {
  analysisSeconds: [TAPER_SECONDS + 0.2, ANALYSIS_END_SECONDS] as const,
  searchSeconds: [WINDOW_DEFAULTS.pOffsetRangeSeconds[0], WINDOW_DEFAULTS.pOffsetRangeSeconds[1] + 1.5] as const,
  minVarianceRatio: 2,
};

/** Smallest variance used in the logarithm: keeps a constant (e.g. all-zero) channel finite. */
const MIN_VARIANCE = 1e-30;

/**
 * The AIC onset of one multi-channel window: the sample index in [lo, hi] minimising the AIC, and how
 * much louder the window is after it than before (summed variances).
 * @param x samples, channels interleaved (sample i of channel c at `offset + i * channels + c`)
 * @param offset index of the window's first value in `x`
 * @param length samples per channel
 * @param lo first candidate index (≥ 2)
 * @param hi last candidate index (≤ length − 3)
 */
export function aicOnset(
  x: ArrayLike<number>,
  offset: number,
  length: number,
  channels: number,
  lo: number,
  hi: number,
): { index: number; varianceRatio: number } {
  const first = Math.max(2, lo);
  const last = Math.min(length - 3, hi);
  // Prefix sums of each channel's values and of all channels' squares.
  const s1 = new Float64Array((length + 1) * channels);
  const s2 = new Float64Array(length + 1);
  for (let i = 0; i < length; i++) {
    let sq = 0;
    for (let c = 0; c < channels; c++) {
      const v = x[offset + i * channels + c]!;
      s1[(i + 1) * channels + c] = s1[i * channels + c]! + v;
      sq += v * v;
    }
    s2[i + 1] = s2[i]! + sq;
  }
  let best = first;
  let bestAic = Number.POSITIVE_INFINITY;
  let varianceRatio = 0;
  for (let k = first; k <= last; k++) {
    const n2 = length - k;
    // Summed variance before and after k: the squares' means less each channel's squared mean.
    let v1 = s2[k]! / k;
    let v2 = (s2[length]! - s2[k]!) / n2;
    for (let c = 0; c < channels; c++) {
      const a = s1[k * channels + c]!;
      const m1 = a / k;
      const m2 = (s1[length * channels + c]! - a) / n2;
      v1 -= m1 * m1;
      v2 -= m2 * m2;
    }
    const aic = k * Math.log(Math.max(v1, MIN_VARIANCE)) + (n2 - 1) * Math.log(Math.max(v2, MIN_VARIANCE));
    if (aic < bestAic) {
      bestAic = aic;
      best = k;
      varianceRatio = v2 / Math.max(v1, MIN_VARIANCE);
    }
  }
  return { index: best, varianceRatio };
}

/**
 * The AIC onset of window `index` of a window set, in seconds after the window's start; NaN when the
 * window has no clear onset (variance ratio below `minVarianceRatio`).
 * @param x windows laid out as `WindowSet.x` (window, sample, channel)
 */
export function windowOnsetOffsetSeconds(
  x: ArrayLike<number>,
  index: number,
  length: number,
  channels: number,
  sampleRate: number,
  options: WindowPickOptions = {},
): number {
  const [a0, a1] = (options.analysisSeconds ?? PICK_DEFAULTS.analysisSeconds).map((s) =>
    Math.min(length, Math.max(0, Math.round(s * sampleRate))),
  );
  const [from, to] = options.searchSeconds ?? PICK_DEFAULTS.searchSeconds;
  const pick = aicOnset(
    x,
    (index * length + a0!) * channels,
    a1! - a0!,
    channels,
    Math.round(from * sampleRate) - a0!,
    Math.round(to * sampleRate) - a0!,
  );
  return pick.varianceRatio >= (options.minVarianceRatio ?? PICK_DEFAULTS.minVarianceRatio)
    ? (a0! + pick.index) / sampleRate
    : Number.NaN;
}

/** Windows as the picker reads them: a `TraceWindows`-like set with each window's start. */
export interface PickableWindows {
  x: ArrayLike<number>;
  count: number;
  length: number;
  channels: number;
  /** Window starts, epoch ms. */
  startTimes: ArrayLike<number>;
}

/**
 * The AIC onset (epoch ms) of every window of `w` for which `include` holds (all by default), NaN for
 * the others and for windows without a clear onset: what `mergeScoreRuns` takes as `onsets`.
 */
export function windowOnsetTimes(
  w: PickableWindows,
  sampleRate: number,
  include: (index: number) => boolean = () => true,
  options: WindowPickOptions = {},
): Float64Array {
  const onsets = new Float64Array(w.count).fill(Number.NaN);
  for (let i = 0; i < w.count; i++) {
    if (include(i))
      onsets[i] = w.startTimes[i]! + windowOnsetOffsetSeconds(w.x, i, w.length, w.channels, sampleRate, options) * 1000;
  }
  return onsets;
}
