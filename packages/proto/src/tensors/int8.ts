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
import { ProtocolError } from '../errors.js';

/** Scale and zero point of one quantised tensor. */
export interface Int8Params {
  scale: number;
  zeroPoint: number;
}

/**
 * Quantises `values` into `out`.
 * @throws ProtocolError `QF_ERR_NON_FINITE` when a value is NaN or infinite (the range would be too).
 */
export function quantiseInt8(values: Float32Array, out: Int8Array, tensorName: string): Int8Params {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
    else if (v !== v) {
      throw new ProtocolError('QF_ERR_NON_FINITE', `tensor "${tensorName}" has NaN at ${i}`);
    }
  }
  if (!Number.isFinite(max - min)) {
    throw new ProtocolError('QF_ERR_NON_FINITE', `tensor "${tensorName}" has an infinite value`);
  }
  const scale = int8Scale(max - min);
  const zeroPoint = Math.min(INT8_MAX, Math.max(INT8_MIN, Math.round(INT8_MIN - min / scale)));
  for (let i = 0; i < values.length; i++) {
    const q = Math.round(values[i]! / scale) + zeroPoint;
    out[i] = q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
  }
  return { scale, zeroPoint };
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
