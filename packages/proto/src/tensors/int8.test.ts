import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '../errors.js';
import { dequantiseInt8, isValidInt8Params, quantiseInt8 } from './int8.js';

function roundTrip(values: Float32Array): { out: Float32Array; scale: number; zeroPoint: number } {
  const q = new Int8Array(values.length);
  const params = quantiseInt8(values, q, 't');
  const out = new Float32Array(values.length);
  dequantiseInt8(q, params, out);
  return { out, ...params };
}

/** Value sets with different ranges: symmetric, one-sided, skewed, tiny, constant. */
const CASES: Record<string, Float32Array> = {
  symmetric: Float32Array.from({ length: 4001 }, (_, i) => Math.sin(i * 0.37)),
  positive: Float32Array.from({ length: 1000 }, (_, i) => 3 + Math.cos(i)),
  negative: Float32Array.from({ length: 1000 }, (_, i) => -1e-3 * (1 + (i % 97))),
  skewed: Float32Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 250 : -0.01 * (i % 7))),
  constant: new Float32Array(100).fill(0.1),
};

for (const [name, values] of Object.entries(CASES)) {
  test(`int8 dequantisation error is within scale/2 (${name})`, () => {
    const { out, scale } = roundTrip(values);
    values.forEach((v, i) => {
      const tol = scale / 2 + Math.abs(v) * 2 ** -23;
      assert.ok(Math.abs(out[i]! - v) <= tol, `[${i}] ${out[i]} vs ${v}, scale ${scale}`);
    });
  });
}

test('int8 extremes stay inside [-128, 127] without clamping', () => {
  const values = new Float32Array([-1.7, 0, 2.3]);
  const q = new Int8Array(3);
  const { scale, zeroPoint } = quantiseInt8(values, q, 't');
  for (let i = 0; i < 3; i++) assert.ok(Math.abs((q[i]! - zeroPoint) * scale - values[i]!) <= scale / 2 + 1e-7);
});

test('zero is exactly representable', () => {
  const values = new Float32Array([0.37, 0, -1.2, 0]);
  const { out } = roundTrip(values);
  assert.equal(out[1], 0);
  assert.equal(out[3], 0);
});

test('an all-zero tensor decodes to zeros with a valid scale', () => {
  const { out, scale, zeroPoint } = roundTrip(new Float32Array(5));
  assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0]);
  assert.ok(isValidInt8Params({ scale, zeroPoint }));
});

test('quantising NaN or Infinity throws QF_ERR_NON_FINITE', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(
      () => quantiseInt8(new Float32Array([1, bad]), new Int8Array(2), 't'),
      (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_NON_FINITE',
    );
  }
});

test('scale must be finite and positive and zero point an int8', () => {
  assert.ok(isValidInt8Params({ scale: 0.01, zeroPoint: -128 }));
  for (const bad of [
    { scale: 0, zeroPoint: 0 },
    { scale: -1, zeroPoint: 0 },
    { scale: NaN, zeroPoint: 0 },
    { scale: 3e38, zeroPoint: 0 }, // 255 steps of it overflow float32
    { scale: 1, zeroPoint: 128 },
    { scale: 1, zeroPoint: 1.5 },
  ]) {
    assert.equal(isValidInt8Params(bad), false, JSON.stringify(bad));
  }
});

/** Values with exact ties of the quotient (k + 0.5) at a power-of-two scale, and random ones. */
const TIES = Float32Array.from({ length: 515 }, (_, i) => (i - 257) / 2);

test('quantiseInt8 equals its definition, q = round-half-even(float32(x / scale)) + zeroPoint, value by value', () => {
  for (const values of [
    ...Object.values(CASES),
    TIES,
    Float32Array.from({ length: 5001 }, (_, i) => Math.tan(i * 0.011) * 1e-3),
  ]) {
    for (const kernel of ['simd', 'scalar'] as const) {
      const q = new Int8Array(values.length);
      const { scale, zeroPoint } = quantiseInt8(values, q, 't', kernel);
      values.forEach((v, i) => {
        const y = Math.fround(v / scale);
        const r = Math.round(y) - y === 0.5 && Math.round(y) % 2 !== 0 ? Math.round(y) - 1 : Math.round(y);
        assert.equal(q[i], r + zeroPoint, `${kernel} [${i}] ${v}`);
      });
    }
  }
});

test('the SIMD and the scalar quantisation agree on every length (vector tails) and reject the same values', () => {
  for (let n = 0; n < 70; n++) {
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + n) * (1 + (i % 5)));
    const [simd, scalar] = [new Int8Array(n), new Int8Array(n)];
    assert.deepEqual(quantiseInt8(values, simd, 't', 'simd'), quantiseInt8(values, scalar, 't', 'scalar'));
    assert.deepEqual(simd, scalar, `length ${n}`);
    if (n === 0) continue;
    for (const bad of [NaN, Infinity, -Infinity]) {
      const broken = values.slice();
      broken[n - 1] = bad;
      for (const kernel of ['simd', 'scalar'] as const) {
        assert.throws(() => quantiseInt8(broken, new Int8Array(n), 't', kernel), { code: 'QF_ERR_NON_FINITE' });
      }
    }
  }
});
