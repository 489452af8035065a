/**
 * Per-tensor int8 affine quantisation: value ≈ (q − zeroPoint) × scale, q ∈ [−128, 127].
 *
 * The range is [min(x, 0), max(x, 0)] so that 0 is exactly representable (zero biases and padding stay
 * zero); scale = range / 254 rounded up to float32 (the wire type), zeroPoint = round(−128 − min / scale).
 * Using 254 steps rather than 255 leaves half a step of margin at both ends, so rounding the zero point
 * can never push min or max outside [−128, 127]: no value is clamped and every value is reproduced
 * within scale / 2 (plus float32 rounding of the result).
 */
import { INT8_MAX, INT8_MIN } from '../constants.js';
import { PROTO_ERROR_CODES, ProtocolError } from '../errors.js';
import { int8Kernel } from './int8-kernel.js';

/** Scale and zero point of one quantised tensor. */
export interface Int8Params {
  scale: number;
  zeroPoint: number;
}

/**
 * Quantises `values` into `out`: q = round(x / scale) + zeroPoint with the float32 quotient rounded to
 * nearest, ties to even — through the SIMD kernels (`int8-kernel.ts`) where WebAssembly SIMD exists, else
 * (or with `kernel: 'scalar'`) plain loops computing the same values.
 * @throws ProtocolError `QF_ERR_NON_FINITE` when a value is NaN or infinite (the range would be too).
 */
export function quantiseInt8(
  values: Float32Array,
  out: Int8Array,
  tensorName: string,
  kernel: 'simd' | 'scalar' = 'simd',
): Int8Params {
  const simd = kernel === 'simd' ? int8Kernel(values.length) : undefined;
  const [min, max] = simd ? simd.range(values) : range(values);
  if (!Number.isFinite(max - min)) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    throw new ProtocolError(
      PROTO_ERROR_CODES.nonFinite,
      `tensor "${tensorName}" has a non-finite value (${values[bad]}) at ${bad}`,
    );
  }
  const scale = int8Scale(max - min);
  const zeroPoint = Math.min(INT8_MAX, Math.max(INT8_MIN, Math.round(INT8_MIN - min / scale)));
  if (simd) simd.quantise(out, scale, zeroPoint);
  else {
    for (let i = 0; i < values.length; i++) {
      const q = roundHalfEven(Math.fround(values[i]! / scale)) + zeroPoint;
      out[i] = q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
    }
  }
  return { scale, zeroPoint };
}

/** Nearest integer, ties to even (what the kernel's f32x4.nearest does). */
function roundHalfEven(y: number): number {
  const r = Math.round(y); // ties up
  return r - y === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * [min(x, 0), max(x, 0)] of `values` (NaN when one is NaN). Math.min / Math.max compile to branch-free
 * min/max instructions and propagate NaN; four independent pairs break their dependency chains (~3×
 * faster than compares).
 */
function range(values: Float32Array): [number, number] {
  let min0 = 0;
  let min1 = 0;
  let min2 = 0;
  let min3 = 0;
  let max0 = 0;
  let max1 = 0;
  let max2 = 0;
  let max3 = 0;
  const n = values.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = values[i]!;
    const b = values[i + 1]!;
    const c = values[i + 2]!;
    const d = values[i + 3]!;
    min0 = Math.min(min0, a);
    max0 = Math.max(max0, a);
    min1 = Math.min(min1, b);
    max1 = Math.max(max1, b);
    min2 = Math.min(min2, c);
    max2 = Math.max(max2, c);
    min3 = Math.min(min3, d);
    max3 = Math.max(max3, d);
  }
  for (; i < n; i++) {
    min0 = Math.min(min0, values[i]!);
    max0 = Math.max(max0, values[i]!);
  }
  return [Math.min(min0, min1, min2, min3), Math.max(max0, max1, max2, max3)];
}

/** Smallest float32 scale with scale × 254 ≥ range; 1 for an all-zero tensor (any scale is exact). */
function int8Scale(range: number): number {
  if (range === 0) return 1;
  const steps = INT8_MAX - INT8_MIN - 1;
  const scale = Math.fround(range / steps);
  return scale * steps >= range ? scale : Math.fround(scale * (1 + 2 ** -22));
}

/** Dequantises `q` into `out` with the tensor's scale and zero point (validated by the caller). */
export function dequantiseInt8(q: Int8Array, { scale, zeroPoint }: Int8Params, out: Float32Array): void {
  for (let i = 0; i < q.length; i++) out[i] = (q[i]! - zeroPoint) * scale;
}

/**
 * Whether a wire scale / zero point pair is usable: scale > 0 and small enough that every dequantised
 * value is a finite float32, zero point an int8.
 */
export function isValidInt8Params({ scale, zeroPoint }: Int8Params): boolean {
  return (
    scale > 0 &&
    Number.isFinite(Math.fround(scale * (INT8_MAX - INT8_MIN))) &&
    Number.isInteger(zeroPoint) &&
    zeroPoint >= INT8_MIN &&
    zeroPoint <= INT8_MAX
  );
}
