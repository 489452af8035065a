import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { averagePrecision, confusionAt, metricsFromConfusion, recallAtFpr, rocAuc } from './window.js';
import { histogramFromScores, mergeHistograms, metricsFromHistogram } from './histogram.js';

// Hand-worked example: scores sorted 0.9(+) 0.8(−) 0.7(+) 0.6(+) 0.3(−) 0.2(−) 0.1(+).
const scores = [0.1, 0.9, 0.3, 0.7, 0.8, 0.6, 0.2];
const labels = [1, 1, 0, 1, 0, 1, 0];

test('confusion counts and rates at a threshold (hand-computed)', () => {
  const c = confusionAt(scores, labels, 0.5);
  assert.deepEqual(c, { tp: 3, fp: 1, fn: 1, tn: 2 });
  const m = metricsFromConfusion(c);
  assert.equal(m.precision, 0.75);
  assert.equal(m.recall, 0.75);
  assert.equal(m.f1, 0.75);
  assert.equal(m.fpr, 1 / 3);
});

test('average precision (hand-computed): (1 + 2/3 + 3/4 + 4/7) / 4', () => {
  assert.ok(Math.abs(averagePrecision(scores, labels) - (1 + 2 / 3 + 3 / 4 + 4 / 7) / 4) < 1e-12);
});

test('ROC-AUC (hand-computed): 7 of 12 positive–negative pairs ranked correctly', () => {
  // positives 0.9, 0.7, 0.6, 0.1 vs negatives 0.8, 0.3, 0.2: wins 3 + 2 + 2 + 0 = 7, no ties.
  assert.ok(Math.abs(rocAuc(scores, labels) - 7 / 12) < 1e-12);
});

test('ties count half in ROC-AUC and as one threshold in AP', () => {
  assert.equal(rocAuc([0.5, 0.5], [1, 0]), 0.5);
  assert.equal(averagePrecision([0.5, 0.5], [1, 0]), 0.5);
});

test('recall at a fixed false-positive rate (hand-computed)', () => {
  assert.equal(recallAtFpr(scores, labels, 0), 0.25); // only the 0.9 positive before the first negative
  assert.equal(recallAtFpr(scores, labels, 1 / 3), 0.75);
});

test('undefined rates are NaN, not a misleading 0 or 1', () => {
  assert.ok(Number.isNaN(averagePrecision([0.2, 0.4], [0, 0])));
  assert.ok(Number.isNaN(metricsFromConfusion({ tp: 0, fp: 0, fn: 0, tn: 5 }).precision));
});

test('histogram binning: bin i = [i/bins, (i+1)/bins), 1 falls in the last bin', () => {
  const h = histogramFromScores([0, 0.099, 0.1, 0.95, 1], [1, 0, 1, 0, 1], 10);
  assert.deepEqual(h.positive, [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(h.negative, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

test('merging histograms is exact (equals the histogram of pooled scores)', () => {
  const a = histogramFromScores([0.1, 0.5, 0.9], [0, 1, 1], 100);
  const b = histogramFromScores([0.2, 0.55], [1, 0], 100);
  assert.deepEqual(mergeHistograms(a, b), histogramFromScores([0.1, 0.5, 0.9, 0.2, 0.55], [0, 1, 1, 1, 0], 100));
  assert.throws(() => mergeHistograms(a, histogramFromScores([0.1], [1], 10)), { code: 'QF_ERR_BAD_HISTOGRAM' });
});

test('federated PR-AUC from merged histograms is within 0.005 of PR-AUC on pooled scores', () => {
  const rng = createRng(17);
  const pooledScores: number[] = [];
  const pooledLabels: number[] = [];
  let merged = histogramFromScores([], []);
  for (let client = 0; client < 8; client++) {
    const s: number[] = [];
    const l: number[] = [];
    const positiveRate = client % 2 === 0 ? 0.01 : 0.2; // non-IID clients
    for (let i = 0; i < 3000; i++) {
      const y = rng.next() < positiveRate ? 1 : 0;
      const logit = (y ? 1.5 : -1.5) + 1.2 * rng.normal() + 0.3 * client;
      s.push(1 / (1 + Math.exp(-logit)));
      l.push(y);
    }
    merged = mergeHistograms(merged, histogramFromScores(s, l));
    pooledScores.push(...s);
    pooledLabels.push(...l);
  }
  const fed = metricsFromHistogram(merged, 0.5);
  assert.ok(Math.abs(fed.prAuc - averagePrecision(pooledScores, pooledLabels)) < 0.005);
  assert.ok(Math.abs(fed.rocAuc - rocAuc(pooledScores, pooledLabels)) < 0.005);
  assert.deepEqual({ tp: fed.tp, fp: fed.fp, fn: fed.fn, tn: fed.tn }, confusionAt(pooledScores, pooledLabels, 0.5));
});

test('scores and labels of different lengths are QF_ERR_BAD_SCORE in every metric entry point', () => {
  const short = labels.slice(1);
  const code = { code: 'QF_ERR_BAD_SCORE' };
  assert.throws(() => confusionAt(scores, short, 0.5), code);
  assert.throws(() => averagePrecision(scores, short), code);
  assert.throws(() => histogramFromScores(scores, short, 10), code);
});
