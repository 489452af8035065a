import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '../errors.js';
import { decodeF16, encodeF16, f16BitsToF32, f32BitsToF16Bits } from './float16.js';
import { f16Kernel } from './float16-kernel.js';

const f32Bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;
const toHalf = (x: number): number => f32BitsToF16Bits(f32Bits(x));

/** Value of every non-negative half below infinity, plus 65536 standing in for the +Inf bit pattern. */
const HALF_VALUES = Array.from({ length: 0x7c01 }, (_, h) => (h === 0x7c00 ? 65536 : f16BitsToF32(h)));

/** Reference: nearest half (ties to even bits) by binary search over all halves; -2 on overflow. */
function referenceHalf(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  let lo = 0;
  let hi = 0x7c00;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (HALF_VALUES[mid]! <= a) lo = mid;
    else hi = mid - 1;
  }
  let h = lo;
  if (lo < 0x7c00) {
    const below = a - HALF_VALUES[lo]!;
    const above = HALF_VALUES[lo + 1]! - a;
    if (above < below || (above === below && (lo & 1) === 1)) h = lo + 1;
  }
  return h >= 0x7c00 ? -2 : sign | h;
}

test('known values encode to their IEEE half bits', () => {
  const cases: Array<[number, number]> = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [6.103515625e-5, 0x0400], // smallest normal
    [5.960464477539063e-8, 0x0001], // smallest subnormal
    [2.9802322387695312e-8, 0x0000], // half the smallest subnormal: tie rounds to even (0)
    [1 + 2 ** -11, 0x3c00], // tie between 1 and the next half: rounds to even
    [1 + 3 * 2 ** -11, 0x3c02], // tie rounds up to even
  ];
  for (const [x, bits] of cases) assert.equal(toHalf(x), bits, `${x}`);
});

test('every finite half survives half -> float32 -> half unchanged', () => {
  for (let h = 0; h < 0x10000; h++) {
    if ((h & 0x7c00) === 0x7c00) continue;
    assert.equal(toHalf(f16BitsToF32(h)), h);
  }
});

test('float32 values round to the nearest half, ties to even (sampled over all bit patterns)', () => {
  for (let bits = 0; bits < 0x7f800000; bits += 8191) {
    const x = new Float32Array(new Uint32Array([bits]).buffer)[0]!;
    assert.equal(f32BitsToF16Bits(bits), referenceHalf(x), `bits 0x${bits.toString(16)}`);
    assert.equal(f32BitsToF16Bits((bits | 0x80000000) >>> 0), referenceHalf(-x));
  }
});

test('values that round beyond the half range are an overflow, just below is the max', () => {
  assert.equal(toHalf(65519.99), 0x7bff);
  assert.equal(toHalf(65520), -2);
  assert.equal(toHalf(-1e6), -2);
});

test('encodeF16 rejects overflow with QF_ERR_F16_OVERFLOW', () => {
  assert.throws(
    () => encodeF16(new Float32Array([1, 70000]), new Uint16Array(2), 'w'),
    (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_F16_OVERFLOW',
  );
});

test('encodeF16 rejects NaN and infinities with QF_ERR_NON_FINITE', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(
      () => encodeF16(new Float32Array([bad]), new Uint16Array(1), 'w'),
      (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_NON_FINITE',
    );
  }
});

test('decodeF16 reports the index of the first non-finite half', () => {
  const out = new Float32Array(3);
  assert.equal(decodeF16(new Uint16Array([0x3c00, 0x7e00, 0x7c00]), out), 1);
  assert.equal(decodeF16(new Uint16Array([0x3c00, 0x0001, 0xfbff]), out), -1);
  assert.deepEqual(Array.from(out), [1, 2 ** -24, -65504]);
});

test('the SIMD kernel and the scalar encoder equal f32BitsToF16Bits value by value across all ranges', () => {
  // Every 4099th float32 bit pattern below the overflow bound, both signs: zeros, subnormal halves,
  // the normal range and its edges, including values that round up into the next binade.
  const bits: number[] = [0x38800000, 0x387fffff, 0x477fefff, 0x477fe000, 0x33000000, 0x33000001];
  for (let b = 0; b < 0x477ff000; b += 4099) bits.push(b, (b | 0x80000000) >>> 0);
  const values = new Float32Array(new Uint32Array(bits).buffer);
  const simd = new Uint16Array(values.length);
  assert.equal(f16Kernel(values.length)!(values, simd), true, 'the kernel itself encoded every value');
  const scalar = new Uint16Array(values.length);
  encodeF16(values, scalar, 't', 'scalar');
  bits.forEach((b, i) => {
    assert.equal(simd[i], f32BitsToF16Bits(b), `simd: bits 0x${b.toString(16)}`);
    assert.equal(scalar[i], f32BitsToF16Bits(b), `scalar: bits 0x${b.toString(16)}`);
  });
});

test('the SIMD encoder handles every tail length and leaves out-of-range values to the scalar errors', () => {
  for (let n = 1; n < 20; n++) {
    const values = Float32Array.from({ length: n }, (_, i) => (i - 7) * 0.37e-5 * 10 ** (i % 6));
    const [simd, scalar] = [new Uint16Array(n), new Uint16Array(n)];
    encodeF16(values, simd, 't', 'simd');
    encodeF16(values, scalar, 't', 'scalar');
    assert.deepEqual(simd, scalar, `length ${n}`);
    for (const [bad, code] of [
      [NaN, 'QF_ERR_NON_FINITE'],
      [-Infinity, 'QF_ERR_NON_FINITE'],
      [65520, 'QF_ERR_F16_OVERFLOW'],
    ] as const) {
      const broken = values.slice();
      broken[n - 1] = bad;
      assert.throws(() => encodeF16(broken, new Uint16Array(n), 't', 'simd'), { code });
    }
  }
});
