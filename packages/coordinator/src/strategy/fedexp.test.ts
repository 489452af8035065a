import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import { assertParametersClose, constantParameters, parameterFactory } from '../testing/fixtures.js';
import { createStrategy } from './factory.js';
import { foldResults } from './fedavg.js';
import { extrapolationStep, FedExP } from './fedexp.js';
import type { FitResult } from './types.js';

const result = (clientId: string, parameters: Parameters, numExamples = 100): FitResult => ({
  clientId,
  parameters,
  numExamples,
  metrics: {},
});

/**
 * The paper's rule written out plainly over flat vectors, with the clipped results' share stepped once:
 * the reference the strategy must match.
 */
function referenceStep(
  global: Parameters,
  updates: Parameters[],
  weights: number[],
  clipped: boolean[] = updates.map(() => false),
): { eta: number; next: number[] } {
  const flat = (p: Parameters) => p.flatMap((t) => Array.from(t.data));
  const g = flat(global);
  const deltas = updates.map((u) => flat(u).map((v, j) => v - g[j]!));
  const total = weights.reduce((a, b) => a + b, 0);
  const share = (keep: (i: number) => boolean) =>
    g.map((_, j) => deltas.reduce((s, d, i) => s + (keep(i) ? (weights[i]! / total) * d[j]! : 0), 0));
  const mean = share(() => true);
  const meanSquared = deltas.reduce((s, d, i) => s + (weights[i]! / total) * d.reduce((a, v) => a + v * v, 0), 0);
  const averageSquared = mean.reduce((a, v) => a + v * v, 0);
  const eta = Math.min(Math.max(1, updates.length / 2), Math.max(1, (0.5 * meanSquared) / averageSquared));
  const extrapolated = share((i) => !clipped[i]);
  const once = share((i) => clipped[i]!);
  return { eta, next: g.map((v, j) => v + eta * extrapolated[j]! + once[j]!) };
}

/** Flat values of `out` against `expected`, within float32 rounding of the sums. */
function assertFlatClose(out: Parameters, expected: number[]): void {
  const flat = out.flatMap((t) => Array.from(t.data));
  flat.forEach((v, j) =>
    assert.ok(Math.abs(v - expected[j]!) <= 1e-4 * (1 + Math.abs(expected[j]!)), `[${j}]: ${v} vs ${expected[j]}`),
  );
}

test('the step is 1 when the updates agree and half the result count when they are orthogonal', () => {
  assert.equal(extrapolationStep(4, 4, 30), 1, 'identical updates: the average is as long as each');
  assert.equal(extrapolationStep(1, 1 / 30, 30), 15, 'orthogonal, equal length: M / 2');
  assert.equal(extrapolationStep(1, 1e-9, 30), 15, 'cancelling updates never step past M / 2');
  assert.equal(extrapolationStep(0, 0, 30), 1, 'no movement at all');
  assert.equal(extrapolationStep(1, 0.25, 1), 1, 'one result has no spread to measure');
});

test('FedExP extrapolates the weighted average by the step the round measures, and reports it', () => {
  const random = parameterFactory(21);
  const global = random(0.1);
  const updates = [random(), random(), random(), random(), random(), random()];
  const weights = [100, 300, 50, 100, 200, 100];
  const out = new FedExP().aggregateFit(
    1,
    global,
    updates.map((u, i) => result(`c${i}`, u, weights[i])),
    [],
  );
  const reference = referenceStep(global, updates, weights);
  assert.ok(reference.eta > 1, `random updates disagree: step ${reference.eta}`);
  assert.ok(Math.abs(out!.metrics.serverLearningRate! - reference.eta) < 1e-6 * reference.eta);
  assertFlatClose(out!.parameters, reference.next);
});

test('an update a wrapper clipped is stepped once, not extrapolated', () => {
  const random = parameterFactory(22);
  const global = random(0.1);
  const updates = [random(), random(), random(), random()];
  const clipped = [false, true, false, false];
  const results = updates.map((u, i) => ({ ...result(`c${i}`, u), ...(clipped[i] ? { clipped: true } : {}) }));
  const out = new FedExP().aggregateFit(1, global, results, []);
  const reference = referenceStep(global, updates, [100, 100, 100, 100], clipped);
  assert.ok(reference.eta > 1, `random updates disagree: step ${reference.eta}`);
  assertFlatClose(out!.parameters, reference.next);
  // The same results unmarked are all extrapolated: the clipped one's share is what differs.
  const unmarked = new FedExP().aggregateFit(
    1,
    global,
    updates.map((u, i) => result(`c${i}`, u)),
    [],
  );
  assertFlatClose(unmarked!.parameters, referenceStep(global, updates, [100, 100, 100, 100]).next);
});

test('the guard marks the update it clips, so a hostile one moves a FedExP model only as far as under FedAvg', () => {
  // Three honest updates in different directions, one hostile ×100 along the first honest one.
  const layout = [{ name: 'w', shape: [3] }];
  const at = (...v: number[]): Parameters => [{ name: 'w', shape: [3], data: Float32Array.from(v) }];
  const global = at(0, 0, 0);
  const honest = [at(1, 0, 0), at(0, 1, 0), at(0, 0, 1), at(0, 1, 0), at(0, 0, 1), at(1, 0, 0)];
  const hostile = at(100, 0, 0);
  const strategy = createStrategy({ name: 'fedexp' }, constantParameters(0, layout));
  const out = foldResults(
    strategy.beginFit(1, global),
    [...honest, hostile].map((p, i) => result(`c${i}`, p)),
    [],
  );
  assert.equal(out!.metrics.guardClipped, 1);
  // The hostile update is clipped to 1.5 × the 0.9-quantile norm (1) and enters once: 1.5 / 7 along x.
  const eta = out!.metrics.serverLearningRate!;
  const x = out!.parameters[0]!.data[0]!;
  assert.ok(Math.abs(x - (eta * 2 + 1.5) / 7) < 1e-5, `x ${x}, step ${eta}`);
});

test('FedExP with agreeing updates is FedAvg', () => {
  const out = new FedExP().aggregateFit(
    1,
    constantParameters(0),
    [result('a', constantParameters(2)), result('b', constantParameters(2))],
    [],
  );
  assertParametersClose(out!.parameters, constantParameters(2));
  assert.equal(out!.metrics.serverLearningRate, 1);
});

test('the registry builds FedExP, guarded by default', () => {
  const strategy = createStrategy({ name: 'fedexp' });
  assert.match(strategy.name, /fedexp/);
});
