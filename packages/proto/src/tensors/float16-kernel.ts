/**
 * WebAssembly SIMD kernel of float32 → half encoding, 8 values per iteration, computing what
 * `f32BitsToF16Bits` computes for every value below the overflow bound (tested value by value):
 * normal halves by rebiasing the exponent and rounding the mantissa with one add (ties to even);
 * subnormal halves and zeros by adding 0.5 as a float, which makes the FPU round the value to a
 * multiple of 2⁻²⁴, the subnormal step (F. Giesen's float_to_half_fast3). A lane at or above the
 * overflow bound (65520, ±Infinity, NaN) is only flagged: the caller redoes the tensor on the scalar path,
 * which raises the right error.
 */
import * as wasm from '../wasm-assembler.js';

const { I32, V128, get, set, i32Const, I32_ADD, simd, load, store, loopTo } = wasm;
const AND = simd(0x4e);
const OR = simd(0x50);
const ANY_TRUE = simd(0x53);
const BITSELECT = simd(0x52);
const LT_S = simd(0x39);
const GE_S = simd(0x3f);
const ADD = simd(0xae);
const SUB = simd(0xb1);
const SHR_U = simd(0xad);
const F32X4_ADD = simd(0xe4);
const NARROW_U = simd(0x86); // i16x8.narrow_i32x4_u
const splat = (n: number): number[] => [...i32Const(n), ...simd(0x11)]; // i32x4.splat

// Locals after the parameters (p 0, end 1, out 2): $bad 3, $v 4, $abs 5, then constants 6…12.
const [BAD, V, ABS, ABS_MASK, OVERFLOW, MIN_NORMAL, HALF, REBIAS, ROUND, SIGN] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const CONSTANTS: Array<[number, number]> = [
  [ABS_MASK, 0x7fffffff],
  [OVERFLOW, 0x477ff000], // 65520: rounds to infinity
  [MIN_NORMAL, 0x38800000], // 2⁻¹⁴
  [HALF, 0x3f000000], // 0.5
  [REBIAS, 0x38000000], // (127 − 15) << 23
  [ROUND, 0xfff],
  [SIGN, 0x8000],
];

/** The half bits (in i32 lanes) of the f32x4 at `offset` past p; flags out-of-range lanes in $bad. */
const halves = (offset: number): number[] => [
  ...get(0),
  ...load(offset),
  ...set(V),
  ...get(V),
  ...get(ABS_MASK),
  ...AND,
  ...set(ABS),
  ...get(BAD),
  ...get(ABS),
  ...get(OVERFLOW),
  ...GE_S,
  ...OR,
  ...set(BAD),
  // subnormal or zero: bits(float(abs) + 0.5) − bits(0.5)
  ...get(ABS),
  ...get(HALF),
  ...F32X4_ADD,
  ...get(HALF),
  ...SUB,
  // normal: (abs − rebias + 0xfff + ((abs >> 13) & 1)) >> 13
  ...get(ABS),
  ...get(REBIAS),
  ...SUB,
  ...get(ROUND),
  ...ADD,
  ...get(ABS),
  ...i32Const(13),
  ...SHR_U,
  ...splat(1),
  ...AND,
  ...ADD,
  ...i32Const(13),
  ...SHR_U,
  ...get(ABS),
  ...get(MIN_NORMAL),
  ...LT_S,
  ...BITSELECT,
  ...get(V),
  ...i32Const(16),
  ...SHR_U,
  ...get(SIGN),
  ...AND,
  ...OR,
];

const kernels = wasm.compileKernels([
  {
    // f16(p, end, out) → 1 when a lane is at or above the overflow bound (nothing else is wrong then).
    name: 'f16',
    params: [I32, I32, I32],
    results: [I32],
    locals: Array.from({ length: 10 }, () => V128),
    code: [
      ...CONSTANTS.flatMap(([local, value]) => [...splat(value), ...set(local)]),
      ...loopTo(0, 1, 32, [
        ...get(2),
        ...halves(0),
        ...halves(16),
        ...NARROW_U,
        ...store(0),
        ...get(2),
        ...i32Const(16),
        I32_ADD,
        ...set(2),
      ]),
      ...get(BAD),
      ...ANY_TRUE,
    ],
  },
]);

/** Encodes float32 values as half bits into `out`; false (out unspecified) when one is out of range. */
export type F16Kernel = (values: Float32Array, out: Uint16Array) => boolean;

/** The kernel with room for `count` values; undefined without WebAssembly SIMD. */
export const f16Kernel = wasm.reusedBinding(kernels, 8, bind);

/** Layout: values (float32) at 0, halves after them. */
function bind(module: wasm.KernelModule, capacity: number): F16Kernel {
  const { memory, exports } = module.instantiate(6 * capacity);
  const f16 = exports['f16'] as (p: number, end: number, out: number) => number;
  const staged = new Float32Array(memory.buffer, 0, capacity);
  return (values, out) => {
    const end = Math.ceil(values.length / 8) * 8;
    staged.set(values);
    staged.fill(0, values.length, end);
    if (f16(0, 4 * end, 4 * capacity) !== 0) return false;
    out.set(new Uint16Array(memory.buffer, 4 * capacity, values.length));
    return true;
  };
}
