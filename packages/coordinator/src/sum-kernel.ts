/**
 * WebAssembly SIMD kernels of the streaming weighted sum (`WeightedSum`): a finiteness scan and
 * `acc += w × x` with float32 x promoted to float64 (the same IEEE double product and sum as the
 * scalar loop, so results are bit-identical). A plain JS loop runs ~1 value/ns and the sum is then
 * compute-bound at ~1 GB/s of updates; with 4 values per instruction it is bound by memory instead.
 *
 * Each sum sizes its own memory: the float64 sums, then a staging copy of one update, which is scanned
 * whole before any of it is added (a rejected update leaves no trace). Where WebAssembly SIMD is
 * unavailable `loadSumKernel` returns undefined and the scalar loop is used.
 */
import { finiteScanKernel, wasm } from '@quakefed/proto';

const { F64, I32, V128, get, set, i32Const, I32_ADD, simd, load, store, loopTo } = wasm;
const F64X2_SPLAT = simd(0x14);
const F64X2_ADD = simd(0xf0);
const F64X2_MUL = simd(0xf2);
const PROMOTE_LOW = simd(0x5f); // f64x2.promote_low_f32x4
/** Lanes 2 and 3 of a f32x4 moved down to 0 and 1 (then promoted). */
const HIGH_HALF = simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);

const kernels = wasm.compileKernels([
  // scan(p, end) → 1 when a float32 in [p, end) has an all-ones exponent (NaN, ±Infinity).
  finiteScanKernel,
  {
    // axpy(acc, x, end, w): acc[i] += w × x[i] for the float32s in [x, end), float64s from `acc`.
    name: 'axpy',
    params: [I32, I32, I32, F64],
    results: [],
    locals: [V128, V128], // $w2 = 4, $v = 5
    code: [
      ...get(3),
      ...F64X2_SPLAT,
      ...set(4),
      ...loopTo(1, 2, 16, [
        ...get(1),
        ...load(0),
        ...set(5),
        ...get(0),
        ...get(0),
        ...load(0),
        ...get(5),
        ...PROMOTE_LOW,
        ...get(4),
        ...F64X2_MUL,
        ...F64X2_ADD,
        ...store(0),
        ...get(0),
        ...get(0),
        ...load(16),
        ...get(5),
        ...get(5),
        ...HIGH_HALF,
        ...PROMOTE_LOW,
        ...get(4),
        ...F64X2_MUL,
        ...F64X2_ADD,
        ...store(16),
        ...get(0),
        ...i32Const(32),
        I32_ADD,
        ...set(0),
      ]),
    ],
  },
]);

/** The kernels bound to one memory; byte offsets, all multiples of 16. */
export interface SumKernel {
  readonly memory: ArrayBuffer;
  /** Whether any float32 in [from, to) is NaN or ±Infinity. */
  hasNonFinite(from: number, to: number): boolean;
  /** float64 at `acc` … += weight × float32 at [from, to). */
  addScaled(acc: number, from: number, to: number, weight: number): void;
}

/** Kernels over a fresh memory of at least `bytes` bytes; undefined without WebAssembly SIMD. */
export function loadSumKernel(bytes: number): SumKernel | undefined {
  if (!kernels) return undefined;
  const { memory, exports } = kernels.instantiate(bytes);
  const scan = exports['scan'] as (p: number, end: number) => number;
  const axpy = exports['axpy'] as (acc: number, p: number, end: number, w: number) => void;
  return {
    memory: memory.buffer,
    hasNonFinite: (from, to) => scan(from, to) !== 0,
    addScaled: (acc, from, to, weight) => axpy(acc, from, to, weight),
  };
}
