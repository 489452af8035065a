/**
 * Fast check that float32 data holds no NaN or ±Infinity (exponent bits all ones).
 *
 * A scalar JS loop runs at ~1 element/ns, several times slower than copying the same bytes. The fast
 * path therefore streams the bytes through a tiny WebAssembly SIMD kernel (`wasm-assembler.ts`) in
 * L1/L2-sized chunks (one native copy into wasm memory + 4 SIMD ops per 16 bytes). Where WebAssembly
 * SIMD is unavailable the scalar loop is used; both are tested against each other.
 */

import * as wasm from '../wasm-assembler.js';

/** Bytes scanned per wasm call: small enough to stay in cache between the copy and the scan. */
const CHUNK_BYTES = 32 * 1024;

const { I32, V128, get, set, simd, load, loopTo } = wasm;
const V128_AND = simd(0x4e);
const V128_OR = simd(0x50);
const I32X4_EQ = simd(0x37);
const V128_ANY_TRUE = simd(0x53);
/** v128.const of four 0x7f800000 lanes (the float32 exponent mask), little-endian. */
const EXPONENT_MASK = simd(0x0c, ...[0, 1, 2, 3].flatMap(() => [0x00, 0x00, 0x80, 0x7f]));

/**
 * `scan(p, end) -> i32`: 1 when any float32 in bytes [p, end) of the memory (a multiple of 16 bytes)
 * has an all-ones exponent. Locals: p 0, end 1, $acc 2, $mask 3. Exported so that other kernel
 * modules (the coordinator's weighted sum) assemble the same scan beside their own functions.
 */
export const finiteScanKernel: wasm.KernelFunction = {
  name: 'scan',
  params: [I32, I32],
  results: [I32],
  locals: [V128, V128],
  code: [
    ...EXPONENT_MASK,
    ...set(3),
    ...loopTo(0, 1, 16, [
      ...get(2),
      ...get(0),
      ...load(0),
      ...get(3),
      ...V128_AND,
      ...get(3),
      ...I32X4_EQ,
      ...V128_OR,
      ...set(2),
    ]),
    ...get(2),
    ...V128_ANY_TRUE,
  ],
};

const kernels = wasm.compileKernels([finiteScanKernel]);

interface ScanKernel {
  memory: Uint8Array;
  scan: (len: number) => number;
}

/** The wasm kernel over a chunk-sized memory, or undefined where WebAssembly SIMD is not available. */
function loadKernel(): ScanKernel | undefined {
  if (!kernels) return undefined;
  const { memory, exports } = kernels.instantiate(CHUNK_BYTES);
  const scan = exports.scan as (p: number, end: number) => number;
  return { memory: new Uint8Array(memory.buffer, 0, CHUNK_BYTES), scan: (len) => scan(0, len) };
}

const kernel = loadKernel();

/** Whether the SIMD kernel is in use (false = scalar fallback). */
export const simdFiniteCheck = kernel !== undefined;

/**
 * Scalar reference: index of the first non-finite float32 in `bits` (the values' raw bits), or -1.
 * `0x7f7fffff − (bits & 0x7fffffff)` is negative exactly when the exponent is all ones.
 */
export function firstNonFiniteScalar(bits: Int32Array): number {
  for (let i = 0; i < bits.length; i++) {
    if (0x7f7fffff - (bits[i]! & 0x7fffffff) < 0) return i;
  }
  return -1;
}

/** SIMD path: whether the little-endian float32 bytes (length a multiple of 4) are all finite. */
export function allFiniteSimd(bytes: Uint8Array, k: ScanKernel = kernel!): boolean {
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const end = Math.min(bytes.length, start + CHUNK_BYTES);
    const len = end - start;
    k.memory.set(bytes.subarray(start, end));
    const padded = (len + 15) & ~15;
    if (padded > len) k.memory.fill(0, len, padded); // zeros are finite
    if (k.scan(padded) !== 0) return false;
  }
  return true;
}

/**
 * Index of the first NaN/±Infinity in little-endian float32 bytes, or -1 when all are finite.
 * `bytes.length` must be a multiple of 4; `bytes` need not be aligned. The values in `view` must be
 * the same bytes read as float32 (used by the scalar path and to locate the bad element).
 */
export function firstNonFinite(bytes: Uint8Array, view: Float32Array): number {
  if (kernel && allFiniteSimd(bytes, kernel)) return -1;
  return firstNonFiniteScalar(new Int32Array(view.buffer, view.byteOffset, view.length));
}
