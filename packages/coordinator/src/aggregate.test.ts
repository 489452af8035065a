import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import { createRng } from '@quakefed/seismic';
import {
  WeightedSum,
  assertFinite,
  clipUpdate,
  coordinateMedian,
  trimmedMean,
  updateNorm,
  weightedAverage,
} from './aggregate.js';
import { COORDINATOR_ERROR_CODES as CODES } from './errors.js';
import { TEST_LAYOUT, assertParametersClose, constantParameters, parameterFactory } from './testing/fixtures.js';

/** Reference: per coordinate, Σ wᵢxᵢ / Σ wᵢ written the obvious way. */
function referenceWeightedMean(updates: Parameters[], weights: number[]): Parameters {
  const total = weights.reduce((a, b) => a + b, 0);
  return updates[0]!.map((t, ti) => {
    const data = new Float32Array(t.data.length);
    for (let j = 0; j < data.length; j++) {
      let s = 0;
      updates.forEach((u, c) => (s += weights[c]! * u[ti]!.data[j]!));
      data[j] = s / total;
    }
    return { name: t.name, shape: [...t.shape], data };
  });
}

/** Reference: per coordinate, sort the column and apply `pick`. */
function referenceColumnwise(updates: Parameters[], pick: (sorted: number[]) => number): Parameters {
  return updates[0]!.map((t, ti) => {
    const data = new Float32Array(t.data.length);
    for (let j = 0; j < data.length; j++) {
      data[j] = pick(updates.map((u) => u[ti]!.data[j]!).sort((a, b) => a - b));
    }
    return { name: t.name, shape: [...t.shape], data };
  });
}

function expectCode(code: string): (err: unknown) => boolean {
  return (err) => (err as { code?: string }).code === code;
}

test('weighted mean equals the reference on random seeded inputs', () => {
  const rng = createRng(11);
  const make = parameterFactory(1);
  for (let trial = 0; trial < 5; trial++) {
    const n = 1 + rng.int(12);
    const updates = Array.from({ length: n }, () => make(1 + trial));
    const weights = updates.map(() => 1 + rng.int(500));
    const got = weightedAverage(updates.map((parameters, i) => ({ parameters, weight: weights[i]! })));
    assertParametersClose(got, referenceWeightedMean(updates, weights));
  }
});

test('the streaming sum does not depend on arrival order', () => {
  const make = parameterFactory(2);
  const updates = Array.from({ length: 9 }, () => make());
  const weights = [5, 1, 9, 3, 3, 7, 2, 8, 4];
  const forward = new WeightedSum(updates[0]!);
  const backward = new WeightedSum(updates[0]!);
  updates.forEach((u, i) => forward.add(u, weights[i]!));
  [...updates.keys()].reverse().forEach((i) => backward.add(updates[i]!, weights[i]!));
  assertParametersClose(forward.mean(), backward.mean(), 1e-7);
  assert.equal(forward.count, 9);
  assert.equal(forward.totalWeight, 42);
});

test('long sums accumulate without float32 drift', () => {
  const sum = new WeightedSum(constantParameters(0));
  const update = constantParameters(0.1);
  for (let i = 0; i < 20_000; i++) sum.add(update, 1);
  for (const t of sum.mean()) for (const v of t.data) assert.equal(v, Math.fround(0.1));
});

test('a tensor with another name is rejected with QF_ERR_NAME_MISMATCH', () => {
  const sum = new WeightedSum(constantParameters(0));
  const bad = constantParameters(1);
  bad[2] = { ...bad[2]!, name: 'other/kernel' };
  assert.throws(() => sum.add(bad, 1), expectCode(CODES.nameMismatch));
});

test('a missing tensor is rejected with QF_ERR_NAME_MISMATCH', () => {
  const sum = new WeightedSum(constantParameters(0));
  assert.throws(() => sum.add(constantParameters(1).slice(1), 1), expectCode(CODES.nameMismatch));
});

test('a tensor with another shape is rejected with QF_ERR_SHAPE_MISMATCH', () => {
  const sum = new WeightedSum(constantParameters(0));
  const bad = constantParameters(1);
  bad[0] = { name: bad[0]!.name, shape: [4, 2, 3], data: bad[0]!.data };
  assert.throws(() => sum.add(bad, 1), expectCode(CODES.shapeMismatch));
});

test('data shorter than its shape is rejected with QF_ERR_SHAPE_MISMATCH', () => {
  const sum = new WeightedSum(constantParameters(0));
  const bad = constantParameters(1);
  bad[1] = { ...bad[1]!, data: new Float32Array(3) };
  assert.throws(() => sum.add(bad, 1), expectCode(CODES.shapeMismatch));
});

test('a NaN is rejected with QF_ERR_NON_FINITE and leaves the sum untouched', () => {
  const sum = new WeightedSum(constantParameters(0));
  sum.add(constantParameters(2), 1);
  const bad = constantParameters(5);
  bad[3]!.data[0] = Number.NaN; // last tensor: earlier tensors would be added by a non-atomic sum
  assert.throws(() => sum.add(bad, 1), expectCode(CODES.nonFinite));
  assert.equal(sum.count, 1);
  assertParametersClose(sum.mean(), constantParameters(2), 0);
});

test('an infinity is rejected with QF_ERR_NON_FINITE', () => {
  const bad = constantParameters(1);
  bad[0]!.data[5] = Number.NEGATIVE_INFINITY;
  assert.throws(() => assertFinite(bad), expectCode(CODES.nonFinite));
});

test('the SIMD and the scalar sums agree to the bit, rejections included', () => {
  const make = parameterFactory(11, [...TEST_LAYOUT, { name: 'big', shape: [1001] }]);
  const simd = new WeightedSum(make());
  const scalar = new WeightedSum(make(), 'scalar');
  for (let c = 0; c < 9; c++) {
    const update = make(10 ** ((c % 5) - 2));
    if (c === 4) update[4]!.data[1000] = NaN;
    const weight = 0.5 + c * 1.25;
    const outcomes = [simd, scalar].map((sum) => {
      try {
        sum.add(update, weight);
        return 'added';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    assert.deepEqual(outcomes, c === 4 ? [CODES.nonFinite, CODES.nonFinite] : ['added', 'added']);
  }
  assert.deepEqual(simd.mean(), scalar.mean());
});

test('a weight that is not a positive finite number is rejected with QF_ERR_BAD_WEIGHT', () => {
  const sum = new WeightedSum(constantParameters(0));
  for (const w of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => sum.add(constantParameters(1), w), expectCode(CODES.badWeight), String(w));
  }
});

test('the mean of nothing is QF_ERR_NO_UPDATES', () => {
  assert.throws(() => new WeightedSum(constantParameters(0)).mean(), expectCode(CODES.noUpdates));
  assert.throws(() => weightedAverage([]), expectCode(CODES.noUpdates));
});

test('coordinate median equals the reference for odd and even client counts', () => {
  const make = parameterFactory(3);
  for (const n of [5, 6]) {
    const updates = Array.from({ length: n }, () => make());
    const expected = referenceColumnwise(updates, (s) =>
      s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2,
    );
    assertParametersClose(coordinateMedian(updates), expected, 0);
  }
});

test('coordinate median ignores one wildly wrong client', () => {
  const updates = [constantParameters(1), constantParameters(1.2), constantParameters(1e6)];
  assertParametersClose(coordinateMedian(updates), constantParameters(1.2), 0);
});

test('trimmed mean equals the reference', () => {
  const make = parameterFactory(4);
  const updates = Array.from({ length: 10 }, () => make());
  const expected = referenceColumnwise(updates, (s) => {
    const kept = s.slice(2, s.length - 2);
    return kept.reduce((a, b) => a + b, 0) / kept.length;
  });
  assertParametersClose(trimmedMean(updates, 0.2), expected, 1e-6);
});

test('trimmed mean with no trimming is the unweighted mean', () => {
  const make = parameterFactory(5);
  const updates = Array.from({ length: 4 }, () => make());
  assertParametersClose(trimmedMean(updates, 0), referenceWeightedMean(updates, [1, 1, 1, 1]));
});

test('trimmed mean rejects a trim fraction of one half or more', () => {
  assert.throws(() => trimmedMean([constantParameters(1)], 0.5), expectCode(CODES.badWeight));
});

test('robust aggregates reject mismatched layouts', () => {
  const short = constantParameters(1).slice(0, 2);
  assert.throws(() => coordinateMedian([constantParameters(1), short]), expectCode(CODES.nameMismatch));
});

test('update norm is the L2 norm of the difference', () => {
  const total = TEST_LAYOUT.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  const norm = updateNorm(constantParameters(3), constantParameters(1));
  assert.ok(Math.abs(norm - 2 * Math.sqrt(total)) < 1e-9);
});

test('clipping scales a large update down to the maximum norm, keeping its direction', () => {
  const make = parameterFactory(6);
  const reference = make();
  const update = make(10);
  const clipped = clipUpdate(update, reference, 0.5);
  assert.ok(clipped.norm > 0.5);
  assert.ok(Math.abs(updateNorm(clipped.parameters, reference) - 0.5) < 1e-5);
  const d0 = update[0]!.data[0]! - reference[0]!.data[0]!;
  const c0 = clipped.parameters[0]!.data[0]! - reference[0]!.data[0]!;
  assert.ok(Math.abs(c0 - d0 * clipped.scale) < 1e-5);
});

test('clipping leaves an update within the norm unchanged', () => {
  const reference = constantParameters(1);
  const update = constantParameters(1.001);
  const clipped = clipUpdate(update, reference, 100);
  assert.equal(clipped.parameters, update);
  assert.equal(clipped.scale, 1);
});
