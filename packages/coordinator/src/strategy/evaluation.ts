/**
 * Federated evaluation metrics: sum confusion counts and merge score histograms across clients (never
 * average per-client scores, which hides rare-quake recall), then derive precision/recall/F1/PR-AUC.
 */
import type { ConfigMap } from '@quakefed/proto';
import {
  mergeConfusion,
  mergeHistograms,
  metricsFromConfusion,
  metricsFromHistogram,
  METRIC_DEFAULTS,
  type ConfusionCounts,
  type ScoreHistogram,
} from '@quakefed/seismic';
import type { ClientFailure, EvaluateResult, RoundMetrics } from './types.js';

/**
 * Combines client evaluations. Precision/recall/F1 come from the summed confusion counts when clients
 * sent them (exact at the clients' threshold), otherwise from the merged histogram at
 * `evaluateConfig.threshold`; PR-AUC and ROC-AUC come from the merged histogram. A histogram with a
 * different bin count from the first one is left out (counted in `histogramsSkipped`). A metric the
 * data cannot give (the loss of zero examples, precision without a positive call) is absent, never NaN.
 * @returns `null` when no client answered
 */
export function aggregateEvaluation(
  results: readonly EvaluateResult[],
  failures: readonly ClientFailure[],
  evaluateConfig: ConfigMap,
): RoundMetrics | null {
  if (results.length === 0) return null;
  let examples = 0;
  let lossSum = 0;
  let counts: ConfusionCounts | null = null;
  let histogram: ScoreHistogram | null = null;
  let histogramsSkipped = 0;
  for (const r of results) {
    examples += r.numExamples;
    lossSum += r.loss * r.numExamples;
    if (r.confusion) counts = counts ? mergeConfusion(counts, r.confusion) : r.confusion;
    if (r.histogram) {
      if (histogram === null) histogram = r.histogram;
      else if (histogram.bins === r.histogram.bins) histogram = mergeHistograms(histogram, r.histogram);
      else histogramsSkipped += 1;
    }
  }
  const out: RoundMetrics = {
    clients: results.length,
    failures: failures.length,
    examples,
    loss: lossSum / examples,
  };
  if (histogram) {
    const threshold =
      typeof evaluateConfig.threshold === 'number' ? evaluateConfig.threshold : METRIC_DEFAULTS.threshold;
    const m = metricsFromHistogram(histogram, threshold);
    Object.assign(out, { precision: m.precision, recall: m.recall, f1: m.f1, prAuc: m.prAuc, rocAuc: m.rocAuc });
    out.histogramsSkipped = histogramsSkipped;
  }
  if (counts) {
    const { precision, recall, f1 } = metricsFromConfusion(counts);
    Object.assign(out, counts, { precision, recall, f1 });
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => Number.isFinite(v)));
}
