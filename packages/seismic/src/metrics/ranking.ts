/**
 * Threshold-free ranking metrics on "tie groups": counts of positives and negatives sharing one score,
 * ordered from the highest score down. Exact scores and fixed-bin histograms both reduce to this form,
 * so PR-AUC and ROC-AUC are computed by one code path for pooled scores and for merged histograms.
 */
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';

/** Positives and negatives at one score level, ordered by descending score. */
export interface TieGroups {
  positive: ArrayLike<number>;
  negative: ArrayLike<number>;
}

function totals(groups: TieGroups): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < groups.positive.length; i++) {
    pos += groups.positive[i]!;
    neg += groups.negative[i]!;
  }
  return { pos, neg };
}

/**
 * Average precision, AP = Σ (R_k − R_{k−1}) · P_k over thresholds placed between tie groups
 * (the step-wise PR-AUC of scikit-learn's `average_precision_score`). NaN without positives.
 */
export function averagePrecisionFromGroups(groups: TieGroups): number {
  const { pos } = totals(groups);
  if (pos === 0) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let i = 0; i < groups.positive.length; i++) {
    const p = groups.positive[i]!;
    tp += p;
    fp += groups.negative[i]!;
    if (p > 0) ap += (p / pos) * (tp / (tp + fp));
  }
  return ap;
}

/** ROC-AUC as the Mann–Whitney probability that a positive outranks a negative (ties count ½). NaN
 *  unless both classes are present. */
export function rocAucFromGroups(groups: TieGroups): number {
  const { pos, neg } = totals(groups);
  if (pos === 0 || neg === 0) return Number.NaN;
  let positivesAbove = 0;
  let wins = 0;
  for (let i = 0; i < groups.positive.length; i++) {
    const p = groups.positive[i]!;
    const n = groups.negative[i]!;
    wins += n * (positivesAbove + 0.5 * p);
    positivesAbove += p;
  }
  return wins / (pos * neg);
}

/** Highest recall reachable at a false-positive rate ≤ `maxFpr`, thresholds between tie groups. */
export function recallAtFprFromGroups(groups: TieGroups, maxFpr: number): number {
  const { pos, neg } = totals(groups);
  if (pos === 0) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let best = 0;
  for (let i = 0; i < groups.positive.length; i++) {
    tp += groups.positive[i]!;
    fp += groups.negative[i]!;
    const fpr = neg === 0 ? 0 : fp / neg;
    if (fpr > maxFpr) break;
    best = tp / pos;
  }
  return best;
}

/**
 * Scores and labels must pair up one to one.
 * @throws SeismicError `QF_ERR_BAD_SCORE` if their lengths differ
 */
export function assertSameLength(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badScore,
      `scores (${scores.length}) and labels (${labels.length}) differ in length`,
    );
  }
}

/** Groups exact scores into tie groups (descending score). */
export function groupsFromScores(scores: ArrayLike<number>, labels: ArrayLike<number>): TieGroups {
  assertSameLength(scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]!);
  const positive: number[] = [];
  const negative: number[] = [];
  let last = Number.NaN;
  for (const i of order) {
    const s = scores[i]!;
    if (s !== last) {
      positive.push(0);
      negative.push(0);
      last = s;
    }
    const g = positive.length - 1;
    if (labels[i]! > 0) positive[g]! += 1;
    else negative[g]! += 1;
  }
  return { positive, negative };
}
