/** Window-level detection metrics on exact scores; all mergeable quantities are integer counts. */
import {
  assertSameLength,
  averagePrecisionFromGroups,
  groupsFromScores,
  recallAtFprFromGroups,
  rocAucFromGroups,
} from './ranking.js';

import type { ConfusionCounts } from '@quakefed/core';

export type { ConfusionCounts };

/** Rates derived from confusion counts; NaN where the denominator is zero. */
export interface ThresholdMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** False-positive rate fp / (fp + tn). */
  fpr: number;
}

/** Counts at `threshold`: a window is predicted positive when its score is ≥ threshold. */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ConfusionCounts {
  assertSameLength(scores, labels);
  const c: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i]! > 0) {
      if (predicted) c.tp++;
      else c.fn++;
    } else if (predicted) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Element-wise sum of confusion counts (exact federated merge). */
export function mergeConfusion(a: ConfusionCounts, b: ConfusionCounts): ConfusionCounts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn };
}

/** Precision, recall, F1 and FPR from counts (NaN where undefined, e.g. precision with no alarms). */
export function metricsFromConfusion(c: ConfusionCounts): ThresholdMetrics {
  const precision = c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn);
  const f1 = c.tp === 0 ? (c.tp + c.fn === 0 ? Number.NaN : 0) : (2 * c.tp) / (2 * c.tp + c.fp + c.fn);
  const fpr = c.fp + c.tn === 0 ? Number.NaN : c.fp / (c.fp + c.tn);
  return { precision, recall, f1, fpr };
}

/** PR-AUC as average precision (step-wise, ties grouped). NaN without positives. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return averagePrecisionFromGroups(groupsFromScores(scores, labels));
}

/** ROC-AUC (Mann–Whitney, ties count ½). NaN unless both classes are present. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rocAucFromGroups(groupsFromScores(scores, labels));
}

/** Highest recall at a false-positive rate ≤ `maxFpr` (e.g. 0.001). */
export function recallAtFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, maxFpr: number): number {
  return recallAtFprFromGroups(groupsFromScores(scores, labels), maxFpr);
}
