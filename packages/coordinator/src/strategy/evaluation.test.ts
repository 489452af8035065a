import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  confusionAt,
  createRng,
  histogramFromScores,
  metricsFromConfusion,
  metricsFromHistogram,
} from '@quakefed/seismic';
import { aggregateEvaluation } from './evaluation.js';
import type { EvaluateResult } from './types.js';

/** A client's scores and labels: rare positives scoring higher on average. */
function clientData(seed: number, n: number): { scores: number[]; labels: number[] } {
  const rng = createRng(seed);
  const labels = Array.from({ length: n }, () => (rng.next() < 0.05 ? 1 : 0));
  const scores = labels.map((l) => Math.min(1, Math.max(0, (l ? 0.7 : 0.3) + 0.2 * rng.normal())));
  return { scores, labels };
}

function evaluation(clientId: string, data: { scores: number[]; labels: number[] }, loss: number): EvaluateResult {
  return {
    clientId,
    numExamples: data.scores.length,
    loss,
    confusion: confusionAt(data.scores, data.labels, 0.5),
    histogram: histogramFromScores(data.scores, data.labels, 100),
    metrics: {},
  };
}

test('federated metrics equal the metrics of the pooled data', () => {
  const a = clientData(1, 400);
  const b = clientData(2, 900);
  const out = aggregateEvaluation([evaluation('a', a, 0.2), evaluation('b', b, 0.4)], [], { threshold: 0.5 })!;
  const pooled = { scores: [...a.scores, ...b.scores], labels: [...a.labels, ...b.labels] };
  const exact = metricsFromConfusion(confusionAt(pooled.scores, pooled.labels, 0.5));
  const fromHistogram = metricsFromHistogram(histogramFromScores(pooled.scores, pooled.labels, 100), 0.5);
  assert.equal(out.precision, exact.precision);
  assert.equal(out.recall, exact.recall);
  assert.equal(out.prAuc, fromHistogram.prAuc);
  assert.equal(out.examples, 1300);
  assert.ok(Math.abs(out.loss! - (0.2 * 400 + 0.4 * 900) / 1300) < 1e-12);
});

test('a histogram with another bin count is left out and counted', () => {
  const a = evaluation('a', clientData(3, 100), 0.1);
  const b = { ...evaluation('b', clientData(4, 100), 0.1), histogram: histogramFromScores([0.5], [1], 10) };
  assert.equal(aggregateEvaluation([a, b], [], {})!.histogramsSkipped, 1);
});

test('an evaluation nobody answered is null', () => {
  assert.equal(aggregateEvaluation([], [{ clientId: 'a', error: new Error('x') }], {}), null);
});

test('a metric the answers cannot give is absent, never NaN', () => {
  const empty: EvaluateResult = {
    clientId: 'a',
    numExamples: 0,
    loss: 0,
    confusion: { tp: 0, fp: 0, fn: 0, tn: 0 },
    histogram: { bins: 2, positive: [0, 0], negative: [0, 0] },
    metrics: {},
  };
  const out = aggregateEvaluation([empty], [], { threshold: 0.5 })!;
  assert.equal(out.examples, 0);
  assert.deepEqual(
    Object.entries(out).filter(([, v]) => !Number.isFinite(v)),
    [],
  );
  assert.equal('loss' in out, false);
});
