/**
 * Turns per-window scores into detections: consecutive windows scoring at or above the threshold form
 * one detection.
 *
 * Onset estimate. A training window is labelled positive when the P onset lies in
 * [start + onsetMinOffset, start + onsetMaxOffset]. For a run of positive windows, every window of the
 * run should contain the onset in that span, so the onset lies in the intersection
 * [lastStart + onsetMinOffset, firstStart + onsetMaxOffset]; the estimate is the middle of that interval.
 * When the run is longer than the span (the intersection is empty: e.g. a long coda keeps scores high)
 * the estimate is the earliest window's latest admissible onset, firstStart + onsetMaxOffset — the first
 * window of a run is the one the onset has just entered.
 */

/** Station/channel a detection belongs to. */
export interface StreamId {
  network: string;
  station: string;
  location: string;
  /** Channel the time refers to (the vertical, by convention). */
  channel: string;
}

/** One detection: an estimated P onset with the run's peak probability. */
export interface Detection extends StreamId {
  /** Estimated P onset, epoch ms UTC. */
  time: number;
  /** Highest window score of the run, in [0,1]. */
  probability: number;
  /** Start of the first and end of the last positive window, epoch ms. */
  firstWindowStart: number;
  lastWindowEnd: number;
  /** Number of positive windows merged. */
  windows: number;
}

/** Geometry of the sliding windows, milliseconds. */
export interface WindowGeometry {
  windowMs: number;
  hopMs: number;
  /** Admissible onset span inside a positive window (the training label convention). */
  onsetMinOffsetMs: number;
  onsetMaxOffsetMs: number;
}

/** Estimated onset of a run of positive windows (see the module comment). */
export function estimateOnsetMs(firstStart: number, lastStart: number, g: WindowGeometry): number {
  const earliest = lastStart + g.onsetMinOffsetMs;
  const latest = firstStart + g.onsetMaxOffsetMs;
  return earliest <= latest ? (earliest + latest) / 2 : firstStart + g.windowMs - g.onsetMinOffsetMs - g.hopMs / 2;
}

/**
 * Merges positive windows into detections.
 * @param starts window start times, epoch ms, increasing
 * @param scores one probability per window
 * Windows further apart than 1.5 hops (a gap in the data) never join the same run.
 */
export function mergeDetections(
  starts: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  geometry: WindowGeometry,
  stream: StreamId,
): Detection[] {
  const detections: Detection[] = [];
  const maxStep = geometry.hopMs * 1.5;
  let runFirst = -1;
  let runLast = -1;
  let peak = 0;
  const close = (): void => {
    if (runFirst < 0) return;
    const firstStart = starts[runFirst]!;
    const lastStart = starts[runLast]!;
    detections.push({
      ...stream,
      time: estimateOnsetMs(firstStart, lastStart, geometry),
      probability: peak,
      firstWindowStart: firstStart,
      lastWindowEnd: lastStart + geometry.windowMs,
      windows: runLast - runFirst + 1,
    });
    runFirst = -1;
  };
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (score < threshold) {
      close();
      continue;
    }
    if (runFirst >= 0 && starts[i]! - starts[runLast]! > maxStep) close();
    if (runFirst < 0) {
      runFirst = i;
      peak = score;
    }
    runLast = i;
    peak = Math.max(peak, score);
  }
  close();
  return detections;
}
