/**
 * WebAssembly SIMD kernels of int8 quantisation (16 values per iteration): the range pass (f32x4
 * min / max, which propagate NaN) and the quantisation pass (float32 quotient, round to nearest even,
 * + zero point, saturating narrow to int8 — the saturation is the clamp). They compute exactly what
 * the scalar loops of `int8.ts` compute (tested value by value); values are staged into the kernels'
 * own memory, zero-padded to whole vectors (zeros are inside every range).
 */
import * as wasm from '../wasm-assembler.js';

const { F32, I32, V128, get, set, i32Const, I32_ADD, simd, load, store, loopTo } = wasm;
const F32X4_SPLAT = simd(0x13);
const I32X4_SPLAT = simd(0x11);
const F32X4_MIN = simd(0xe8);
const F32X4_MAX = simd(0xe9);
const F32X4_DIV = simd(0xe7);
const F32X4_NEAREST = simd(0x6a);
const TRUNC_SAT = simd(0xf8); // i32x4.trunc_sat_f32x4_s
const I32X4_ADD = simd(0xae);
const NARROW_32_16 = simd(0x85); // i16x8.narrow_i32x4_s
const NARROW_16_8 = simd(0x65); // i8x16.narrow_i16x8_s

/** Four lanes of quantised values from the f32x4 at `offset` past p (locals: p 0, scale 5, zero point 6). */
const lanes = (offset: number): number[] => [
  ...get(0),
  ...load(offset),
  ...get(5),
  ...F32X4_DIV,
  ...F32X4_NEAREST,
  ...TRUNC_SAT,
  ...get(6),
  ...I32X4_ADD,
];

const kernels = wasm.compileKernels([
  {
    // range(p, end, out): lane-wise min(·, 0) and max(·, 0) of the float32s in [p, end), stored at out, out + 16.
    name: 'range',
    params: [I32, I32, I32],
    results: [],
    locals: [V128, V128], // $min = 3, $max = 4 (start at zero)
    code: [
      ...loopTo(0, 1, 16, [
        ...get(3),
        ...get(0),
        ...load(0),
        ...F32X4_MIN,
        ...set(3),
        ...get(4),
        ...get(0),
        ...load(0),
        ...F32X4_MAX,
        ...set(4),
      ]),
      ...get(2),
      ...get(3),
      ...store(0),
      ...get(2),
      ...get(4),
      ...store(16),
    ],
  },
  {
    // quantise(p, end, q, scale, zeroPoint): int8 at q … of the float32s in [p, end), 16 at a time.
    name: 'quantise',
    params: [I32, I32, I32, F32, I32],
    results: [],
    locals: [V128, V128], // $scale4 = 5, $zero4 = 6
    code: [
      ...get(3),
      ...F32X4_SPLAT,
      ...set(5),
      ...get(4),
      ...I32X4_SPLAT,
      ...set(6),
      ...loopTo(0, 1, 64, [
        ...get(2),
        ...lanes(0),
        ...lanes(16),
        ...NARROW_32_16,
        ...lanes(32),
        ...lanes(48),
        ...NARROW_32_16,
        ...NARROW_16_8,
        ...store(0),
        ...get(2),
        ...i32Const(16),
        I32_ADD,
        ...set(2),
      ]),
    ],
  },
]);

/** Range and quantisation of one tensor through the kernels. */
export interface Int8Kernel {
  /** [min(x, 0), max(x, 0)] lane by lane reduced (NaN when any value is NaN). */
  range(values: Float32Array): [number, number];
  /** Quantises the values last passed to `range` into `out`. */
  quantise(out: Int8Array, scale: number, zeroPoint: number): void;
}

/** The kernels with room for `count` values; undefined without WebAssembly SIMD. */
export const int8Kernel = wasm.reusedBinding(kernels, 16, bind);

/** Layout: values (float32) at 0, int8 output after them, the range's two vectors after that. */
function bind(module: wasm.KernelModule, capacity: number): Int8Kernel {
  const { memory, exports } = module.instantiate(5 * capacity + 32);
  const range = exports['range'] as (p: number, end: number, out: number) => void;
  const quantise = exports['quantise'] as (p: number, end: number, q: number, scale: number, zeroPoint: number) => void;
  const staged = new Float32Array(memory.buffer, 0, capacity);
  const lanesOut = new Float32Array(memory.buffer, 5 * capacity, 8);
  let end = 0;
  let count = 0;
  return {
    range(values) {
      count = values.length;
      end = 4 * Math.ceil(count / 16) * 16;
      staged.set(values);
      staged.fill(0, count, end / 4);
      range(0, end, 5 * capacity);
      const [a, b, c, d, e, f, g, h] = lanesOut;
      return [Math.min(a!, b!, c!, d!), Math.max(e!, f!, g!, h!)];
    },
    quantise(out, scale, zeroPoint) {
      quantise(0, end, 4 * capacity, scale, zeroPoint);
      out.set(new Int8Array(memory.buffer, 4 * capacity, count));
    },
  };
}
