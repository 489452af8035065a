/**
 * Turns per-window scores into detections of a stream, through the seismic package's `mergeScoreRuns`
 * — the one run-merging and onset rule shared with the simulator's evaluation (see its module comment):
 * windows whose median evidence reaches the threshold and that overlap form one detection, dated by the
 * earliest onset pick among those near its peak (or, unpicked, the middle of the label span in its best window).
 */
import { mergeScoreRuns, type ScoreRun, type ScoreRunOptions } from '@quakefed/seismic';

/** Station/channel a detection belongs to. */
export interface StreamId {
  network: string;
  station: string;
  location: string;
  /** Channel the time refers to (the vertical, by convention). */
  channel: string;
}

/** One detection: an estimated P onset (epoch ms) with the run's peak probability and window span. */
export interface Detection extends StreamId, ScoreRun {}

/** Geometry of the sliding windows, milliseconds. */
export interface WindowGeometry {
  windowMs: number;
  hopMs: number;
  /** Admissible onset span inside a positive window (the training label convention). */
  onsetMinOffsetMs: number;
  onsetMaxOffsetMs: number;
}

/**
 * The seismic package's run options for windows cut with geometry `g` (positive windows that overlap
 * join one run, so one event is one pick), with each window's onset pick where there is one.
 */
export function scoreRunOptions(g: WindowGeometry, onsets?: ArrayLike<number>): ScoreRunOptions {
  return {
    windowSeconds: g.windowMs / 1000,
    hopSeconds: g.hopMs / 1000,
    pOffsetRangeSeconds: [g.onsetMinOffsetMs / 1000, g.onsetMaxOffsetMs / 1000],
    ...(onsets ? { onsets } : {}),
  };
}

/**
 * Merges positive windows into detections of `stream`.
 * @param starts window start times, epoch ms, increasing
 * @param scores one probability per window
 * @param onsets each window's onset pick, epoch ms (NaN: none)
 */
export function mergeDetections(
  starts: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  geometry: WindowGeometry,
  stream: StreamId,
  onsets?: ArrayLike<number>,
): Detection[] {
  return mergeScoreRuns(starts, scores, threshold, scoreRunOptions(geometry, onsets)).map((run) => ({
    ...stream,
    ...run,
  }));
}
