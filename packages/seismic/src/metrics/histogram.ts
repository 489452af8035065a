/**
 * Fixed-bin score histograms: the federated form of a score distribution. Bin i covers
 * [i/bins, (i+1)/bins), the last bin also holds 1. Counts are integers, so merging is exact and the
 * coordinator computes PR-AUC, ROC-AUC and thresholded metrics without any raw score.
 */
import {
  assertSameLength,
  averagePrecisionFromGroups,
  recallAtFprFromGroups,
  rocAucFromGroups,
  type TieGroups,
} from './ranking.js';
import { metricsFromConfusion, type ConfusionCounts, type ThresholdMetrics } from './window.js';
import { METRIC_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import type { ScoreHistogram } from '@quakefed/core';

export type { ScoreHistogram };

/** Everything the coordinator reports from a (merged) histogram. */
export interface HistogramMetrics extends ThresholdMetrics, ConfusionCounts {
  /** The threshold actually applied: the lowest bin edge ≥ the requested one. */
  threshold: number;
  prAuc: number;
  rocAuc: number;
  positives: number;
  negatives: number;
}

/** An empty histogram with `bins` bins. */
export function emptyHistogram(bins: number = METRIC_DEFAULTS.histogramBins): ScoreHistogram {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new SeismicError(SEISMIC_ERROR_CODES.badHistogram, `bins must be a positive integer, got ${bins}`);
  }
  return { bins, positive: new Array<number>(bins).fill(0), negative: new Array<number>(bins).fill(0) };
}

/** Bins scores in [0, 1] (values outside are clamped; NaN is rejected). */
export function histogramFromScores(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins: number = METRIC_DEFAULTS.histogramBins,
): ScoreHistogram {
  assertSameLength(scores, labels);
  const h = emptyHistogram(bins);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) throw new SeismicError(SEISMIC_ERROR_CODES.badScore, `score ${i} is NaN`);
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    if (labels[i]! > 0) h.positive[b]! += 1;
    else h.negative[b]! += 1;
  }
  return h;
}

/** Exact sum of two histograms with the same number of bins. */
export function mergeHistograms(a: ScoreHistogram, b: ScoreHistogram): ScoreHistogram {
  if (a.bins !== b.bins || a.positive.length !== a.bins || b.positive.length !== b.bins) {
    throw new SeismicError(SEISMIC_ERROR_CODES.badHistogram, `cannot merge histograms of ${a.bins} and ${b.bins} bins`);
  }
  return {
    bins: a.bins,
    positive: a.positive.map((v, i) => v + b.positive[i]!),
    negative: a.negative.map((v, i) => v + b.negative[i]!),
  };
}

function descendingGroups(h: ScoreHistogram): TieGroups {
  return { positive: [...h.positive].reverse(), negative: [...h.negative].reverse() };
}

/** Confusion counts for "score ≥ threshold" using whole bins (bins whose lower edge ≥ threshold). */
export function confusionFromHistogram(h: ScoreHistogram, threshold: number): ConfusionCounts {
  const first = Math.max(0, Math.min(h.bins, Math.ceil(threshold * h.bins - 1e-9)));
  const c: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < h.bins; i++) {
    if (i >= first) {
      c.tp += h.positive[i]!;
      c.fp += h.negative[i]!;
    } else {
      c.fn += h.positive[i]!;
      c.tn += h.negative[i]!;
    }
  }
  return c;
}

/** Metrics from a histogram: thresholded ones at `threshold` (default 0.5), PR-AUC and ROC-AUC over
 *  all bin edges. Scores within one bin count as tied. */
export function metricsFromHistogram(
  h: ScoreHistogram,
  threshold: number = METRIC_DEFAULTS.threshold,
): HistogramMetrics {
  const c = confusionFromHistogram(h, threshold);
  const groups = descendingGroups(h);
  return {
    ...c,
    ...metricsFromConfusion(c),
    threshold: Math.max(0, Math.min(h.bins, Math.ceil(threshold * h.bins - 1e-9))) / h.bins,
    prAuc: averagePrecisionFromGroups(groups),
    rocAuc: rocAucFromGroups(groups),
    positives: c.tp + c.fn,
    negatives: c.fp + c.tn,
  };
}

/** Highest recall at FPR ≤ `maxFpr` from a histogram (thresholds at bin edges). */
export function recallAtFprFromHistogram(h: ScoreHistogram, maxFpr: number): number {
  return recallAtFprFromGroups(descendingGroups(h), maxFpr);
}
