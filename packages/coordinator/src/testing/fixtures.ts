/**
 * Test fixtures shared by this package's unit tests (not exported from the package): seeded random
 * parameter sets, a tolerance comparison and a multi-round driver for server optimisers.
 */
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import { createRng } from '@quakefed/seismic';
import { weightedAverage } from '../aggregate.js';
import type { Strategy } from '../strategy/types.js';

/** Tensor layout used by the unit tests: a few shapes, including a scalar-like and an odd-sized one. */
export const TEST_LAYOUT: ReadonlyArray<{ name: string; shape: number[] }> = [
  { name: 'conv1d/kernel', shape: [3, 2, 4] },
  { name: 'conv1d/bias', shape: [4] },
  { name: 'dense/kernel', shape: [7, 1] },
  { name: 'dense/bias', shape: [1] },
];

/** A seeded generator of random parameter sets in a given layout. */
export function parameterFactory(seed: number, layout = TEST_LAYOUT): (scale?: number) => Parameters {
  const rng = createRng(seed);
  return (scale = 1) =>
    layout.map(({ name, shape }) => {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
      return { name, shape: [...shape], data };
    });
}

/** Parameters in `layout` with every value equal to `value`. */
export function constantParameters(value: number, layout = TEST_LAYOUT): Parameters {
  return layout.map(({ name, shape }) => ({
    name,
    shape: [...shape],
    data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value),
  }));
}

/** Asserts equal layouts and values within `tol × (1 + |expected|)`. */
export function assertParametersClose(actual: Parameters, expected: Parameters, tol = 1e-6): void {
  assert.deepEqual(
    actual.map((t) => [t.name, t.shape]),
    expected.map((t) => [t.name, t.shape]),
  );
  actual.forEach((t, i) => {
    const e = expected[i]!.data;
    t.data.forEach((v, j) => {
      const diff = Math.abs(v - e[j]!);
      assert.ok(diff <= tol * (1 + Math.abs(e[j]!)), `${t.name}[${j}]: ${v} vs ${e[j]}`);
    });
  });
}

/** Every value of a parameter set, in order, as plain numbers. */
export const flatValues = (p: Parameters): number[] => p.flatMap((t) => [...t.data]);

/** What a reference computation of a server optimiser needs from {@link runServerRounds}. */
export interface ServerRounds {
  start: number[];
  /** Each round's example-weighted client average. */
  averages: number[][];
  final: number[];
}

/**
 * Runs `strategy` from a random model over one round per entry of `scales`: two clients (2 and 3
 * examples) send random models of that scale. Returns plain values to check against a reference.
 */
export function runServerRounds(
  strategy: Strategy,
  make: (scale?: number) => Parameters,
  scales: number[],
): ServerRounds {
  const start = make();
  let global = start;
  const averages: number[][] = [];
  scales.forEach((scale, i) => {
    const updates = [make(scale), make(scale)].map((parameters, c) => ({ parameters, numExamples: c + 2 }));
    averages.push(
      flatValues(weightedAverage(updates.map(({ parameters, numExamples: weight }) => ({ parameters, weight })))),
    );
    const results = updates.map((u, c) => ({ clientId: `c${c}`, metrics: {}, ...u }));
    global = strategy.aggregateFit(i + 1, global, results, [])!.parameters;
  });
  return { start: flatValues(start), averages, final: flatValues(global) };
}

/** Asserts equal lengths and each value within an absolute `tol` of the reference's. */
export function assertValuesClose(actual: number[], expected: number[], tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, j) => assert.ok(Math.abs(v - expected[j]!) < tol, `${j}: ${v} vs ${expected[j]}`));
}
