/**
 * IEEE 754 binary16 ("half") conversion. Node 20 has no Float16Array, so the bits are computed here:
 * float32 -> half rounds to nearest, ties to even, including subnormal halves; half -> float32 is exact
 * and uses a 64 Ki-entry table built on first use.
 *
 * Finite float32 values whose rounded half would be infinite (|x| >= 65520) are an error
 * (`QF_ERR_F16_OVERFLOW`), not clamped: silently clipping a weight corrupts the model, while the error
 * tells the sender to use f32 for that tensor. Non-finite input is `QF_ERR_NON_FINITE`.
 */
import { PROTO_ERROR_CODES, ProtocolError } from '../errors.js';
import { f16Kernel } from './float16-kernel.js';

/**
 * Half bits of the float32 whose bits are `bits` (uint32), rounded to nearest even.
 * Returns -1 when the value is not finite and -2 when it overflows the half range.
 */
export function f32BitsToF16Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return -1;
  const e = exp - 112; // rebias 127 -> 15
  if (e <= 0) {
    // Half subnormal (or zero): the 24-bit significand shifted right by 14 - e, rounded.
    const shift = 14 - e;
    if (shift > 24) return sign;
    const sig = mant | 0x800000;
    let q = sig >>> shift;
    const rest = sig & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && (q & 1) === 1)) q++;
    return sign | q; // q may carry into the exponent field: that is the smallest normal, correctly
  }
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  if (h >= 0x7c00) return -2; // exponent 31 after rounding = Inf: out of range
  return sign | h;
}

/** Float32 value of half bits `h` (0..65535), exact. */
export function f16BitsToF32(h: number): number {
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

let decodeTable: Float32Array | undefined;

/** Table of the float32 value of every half bit pattern. */
function halfTable(): Float32Array {
  if (!decodeTable) {
    decodeTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) decodeTable[h] = f16BitsToF32(h);
  }
  return decodeTable;
}

/** Float32 bits of the smallest normal half (2^−14) and of 65520, the least value that overflows. */
const HALF_NORMAL_MIN_BITS = 0x38800000;
const HALF_OVERFLOW_BITS = 0x477ff000;

/**
 * Encodes float32 values as halves into `out` (one uint16 per value, host order): through the SIMD
 * kernel (`float16-kernel.ts`) where WebAssembly SIMD exists and every value is in range; otherwise (or
 * with `kernel: 'scalar'`) here, where values in the normal half range take an inline path (rebias the exponent, round the mantissa to nearest even with one add:
 * 0xfff plus the lowest kept bit, the carry running into the exponent as it should); zeros, subnormal
 * halves and errors go through `f32BitsToF16Bits`, which both paths are tested against.
 * @throws ProtocolError `QF_ERR_NON_FINITE` or `QF_ERR_F16_OVERFLOW`, naming `tensorName`.
 */
export function encodeF16(
  values: Float32Array,
  out: Uint16Array,
  tensorName: string,
  kernel: 'simd' | 'scalar' = 'simd',
): void {
  if (kernel === 'simd' && f16Kernel(values.length)?.(values, out)) return;
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    const abs = b & 0x7fffffff;
    if (abs >= HALF_NORMAL_MIN_BITS && abs < HALF_OVERFLOW_BITS) {
      out[i] = ((b >>> 16) & 0x8000) | ((abs - 0x38000000 + 0xfff + ((abs >>> 13) & 1)) >>> 13);
      continue;
    }
    const h = f32BitsToF16Bits(b);
    if (h < 0) throw encodeError(h, values[i]!, i, tensorName);
    out[i] = h;
  }
}

function encodeError(code: number, value: number, index: number, tensorName: string): ProtocolError {
  if (code === -1)
    return new ProtocolError(PROTO_ERROR_CODES.nonFinite, `tensor "${tensorName}" has a non-finite value at ${index}`);
  return new ProtocolError(
    PROTO_ERROR_CODES.f16Overflow,
    `tensor "${tensorName}" value ${value} at ${index} is outside the f16 range; send it as f32`,
  );
}

/**
 * Decodes halves into float32 values.
 * @returns the index of the first non-finite half, or -1 when all are finite.
 */
export function decodeF16(halves: Uint16Array, out: Float32Array): number {
  const table = halfTable();
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i]!;
    if ((h & 0x7c00) === 0x7c00) return i;
    out[i] = table[h]!;
  }
  return -1;
}
