/**
 * Window-level metrics from raw scores: the exact precision–recall curve (ties grouped), average
 * precision, and the best F1. Works for any score scale, so STA/LTA ratios and model probabilities are
 * measured the same way.
 */
import type { PrPoint, WindowLevelResult } from './types.js';

/** Points kept in the stored PR curve (plots need no more). */
const PR_CURVE_POINTS = 200;

/**
 * @param scores one score per window, higher = more quake-like
 * @param labels 1 quake, 0 not
 */
export function windowLevelMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>): WindowLevelResult {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`scores (${n}) and labels (${labels.length}) differ in length`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]! ? 1 : 0;
  const negatives = n - positives;
  const curve: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let prevRecall = 0;
  let best = { f1: 0, threshold: 1, precision: 0, recall: 0 };
  for (let k = 0; k < n; ) {
    const threshold = scores[order[k]!]!;
    // A threshold admits every window with an equal score at once.
    while (k < n && scores[order[k]!]! === threshold) {
      if (labels[order[k]!]) tp++;
      else fp++;
      k++;
    }
    if (positives === 0) continue;
    const recall = tp / positives;
    const precision = tp / (tp + fp);
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
    curve.push({ recall, precision });
    const f1 = tp === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > best.f1) best = { f1, threshold, precision, recall };
  }
  return {
    prAuc: ap,
    bestF1: best.f1,
    bestThreshold: best.threshold,
    precisionAtBest: best.precision,
    recallAtBest: best.recall,
    positives,
    negatives,
    prCurve: downsample(curve, PR_CURVE_POINTS),
  };
}

/** Keeps about `max` evenly spaced points, always including the last. */
function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)]!);
  out.push(points[points.length - 1]!);
  return out;
}
