/**
 * Turning per-window scores back into event detections — the one rule shared by a gateway's detector
 * (client `detect`), the simulator's event-level evaluation and the tests.
 *
 * Runs. Windows scoring at or above the threshold (a NaN score never does) join one run while their
 * starts are at most max(mergeGapS, 1.5 hops) apart: adjacent windows always join, a dip of a window
 * or so inside an event (mergeGapS) does not split it, and a data gap (a jump of several hops) does.
 *
 * Onset. A window is labelled positive when the P onset lies in [start + pMin, start + pMax]
 * (`pOffsetRangeS`, the training label rule). If every window of a run admits the onset, it lies in
 * [lastStart + pMin, firstStart + pMax]; the estimate is the middle of that interval. When the run is
 * longer than that span (the interval is empty: a long coda keeps scores high), the run's end says
 * nothing about the onset and its start does: the first positive window is the one the onset has just
 * become recognisable in, pMin before its end, so the onset lies within one hop before
 * firstStart + window − pMin; the estimate is the middle of that hop.
 */
import { WINDOW_DEFAULTS } from './defaults.js';

/** How windows were cut and labelled; defaults from `WINDOW_DEFAULTS`. */
export interface ScoreRunOptions {
  /** Window length, s. */
  windowS?: number;
  /** Hop between window starts, s. Default: the smallest spacing of consecutive starts (or
   *  `WINDOW_DEFAULTS.hopS` for fewer than two windows). */
  hopS?: number;
  /** Where a positive window's P onset lies after its start, s. */
  pOffsetRangeS?: readonly [number, number];
  /** Positive windows this far apart still join one run, s (at least 1.5 hops are always used). */
  mergeGapS?: number;
}

/** One run of positive windows: an estimated P onset with the run's peak score and span. */
export interface ScoreRun {
  /** Estimated P onset, epoch ms. */
  time: number;
  /** Highest window score of the run. */
  probability: number;
  /** Start of the first and end of the last positive window, epoch ms. */
  firstWindowStart: number;
  lastWindowEnd: number;
  /** Number of positive windows in the run. */
  windows: number;
}

/** The run geometry in ms, options resolved. */
interface Geometry {
  windowMs: number;
  hopMs: number;
  pMinMs: number;
  pMaxMs: number;
  mergeGapMs: number;
}

function smallestSpacing(startTimes: ArrayLike<number>): number {
  let hop = Number.POSITIVE_INFINITY;
  for (let i = 1; i < startTimes.length; i++) {
    const d = startTimes[i]! - startTimes[i - 1]!;
    if (d > 0 && d < hop) hop = d;
  }
  return hop;
}

function geometryOf(startTimes: ArrayLike<number>, options: ScoreRunOptions): Geometry {
  const spacing = smallestSpacing(startTimes);
  const hopMs = options.hopS !== undefined ? options.hopS * 1000 : Number.isFinite(spacing) ? spacing : WINDOW_DEFAULTS.hopS * 1000;
  const [pMin, pMax] = options.pOffsetRangeS ?? WINDOW_DEFAULTS.pOffsetRangeS;
  return {
    windowMs: (options.windowS ?? WINDOW_DEFAULTS.windowS) * 1000,
    hopMs,
    pMinMs: pMin * 1000,
    pMaxMs: pMax * 1000,
    mergeGapMs: Math.max((options.mergeGapS ?? WINDOW_DEFAULTS.mergeGapS) * 1000, 1.5 * hopMs),
  };
}

function onsetOf(firstStart: number, lastStart: number, g: Geometry): number {
  const earliest = lastStart + g.pMinMs;
  const latest = firstStart + g.pMaxMs;
  return earliest <= latest ? (earliest + latest) / 2 : firstStart + g.windowMs - g.pMinMs - g.hopMs / 2;
}

/**
 * Estimated P onset (epoch ms) of a run of positive windows starting at `firstStart` and `lastStart`
 * (see the module comment). Without `options.hopS` the hop is `WINDOW_DEFAULTS.hopS`.
 */
export function estimateRunOnset(firstStart: number, lastStart: number, options: ScoreRunOptions = {}): number {
  return onsetOf(firstStart, lastStart, geometryOf([], options));
}

/**
 * Merges positive windows into runs (see the module comment).
 * @param startTimes window starts, epoch ms, increasing
 * @param scores one score per window
 */
export function mergeScoreRuns(
  startTimes: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  options: ScoreRunOptions = {},
): ScoreRun[] {
  const g = geometryOf(startTimes, options);
  const runs: ScoreRun[] = [];
  let first = -1;
  let last = -1;
  let positives = 0;
  let peak = 0;
  const close = (): void => {
    if (first < 0) return;
    const firstStart = startTimes[first]!;
    const lastStart = startTimes[last]!;
    runs.push({
      time: onsetOf(firstStart, lastStart, g),
      probability: peak,
      firstWindowStart: firstStart,
      lastWindowEnd: lastStart + g.windowMs,
      windows: positives,
    });
    first = -1;
  };
  for (let i = 0; i < startTimes.length; i++) {
    const score = scores[i]!;
    if (!(score >= threshold)) continue;
    if (first >= 0 && startTimes[i]! - startTimes[last]! > g.mergeGapMs) close();
    if (first < 0) {
      first = i;
      positives = 0;
      peak = score;
    }
    last = i;
    positives++;
    peak = Math.max(peak, score);
  }
  close();
  return runs;
}

/** The estimated P onsets (epoch ms) of `mergeScoreRuns`. */
export function detectionsFromScores(
  startTimes: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  options: ScoreRunOptions = {},
): number[] {
  return mergeScoreRuns(startTimes, scores, threshold, options).map((r) => r.time);
}
