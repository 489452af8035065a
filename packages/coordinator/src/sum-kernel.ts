/**
 * WebAssembly SIMD kernels of the streaming weighted sum (`WeightedSum`): a finiteness scan and
 * `acc += w × x` with float32 x promoted to float64 (the same IEEE double product and sum as the
 * scalar loop, so results are bit-identical). A plain JS loop runs ~1 value/ns and the sum is then
 * compute-bound at ~1 GB/s of updates; with 4 values per instruction it is bound by memory instead.
 *
 * The module is assembled here from its instructions (no wasm toolchain is needed, nothing is
 * downloaded) and imports its memory, so each sum sizes its own: the float64 sums, then a staging copy of
 * one update, which is scanned whole before any of it is added (a rejected update leaves no trace).
 * Where WebAssembly SIMD is unavailable `loadSumKernel` returns undefined and the scalar loop is used.
 */

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A section or body: its size, then its bytes. */
const sized = (bytes: number[]): number[] => [...uleb(bytes.length), ...bytes];
const section = (id: number, bytes: number[]): number[] => [id, ...sized(bytes)];
const name = (s: string): number[] => sized([...Buffer.from(s, 'utf8')]);

// Instructions (core and the 0xfd SIMD prefix).
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const i32Const = (n: number): number[] => [0x41, ...uleb(n)]; // small non-negative constants only
const I32_ADD = 0x6a;
const I32_GE_U = 0x4f;
const simd = (op: number, ...immediates: number[]): number[] => [0xfd, ...uleb(op), ...immediates];
const load = (offset: number): number[] => simd(0x00, 4, ...uleb(offset)); // v128.load align=16
const store = (offset: number): number[] => simd(0x0b, 4, ...uleb(offset)); // v128.store align=16
const AND = simd(0x4e);
const OR = simd(0x50);
const ANY_TRUE = simd(0x53);
const I32X4_EQ = simd(0x37);
const F64X2_SPLAT = simd(0x14);
const F64X2_ADD = simd(0xf0);
const F64X2_MUL = simd(0xf2);
const PROMOTE_LOW = simd(0x5f); // f64x2.promote_low_f32x4
/** Lanes 2 and 3 of a f32x4 moved down to 0 and 1 (then promoted). */
const HIGH_HALF = simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
const EXPONENT_MASK = simd(0x0c, ...[0, 1, 2, 3].flatMap(() => [0x00, 0x00, 0x80, 0x7f])); // i32x4 0x7f800000

/** `loop … end` that leaves when local `p` ≥ local `end`, running `body` and advancing p by 16. */
function loopTo(p: number, end: number, body: number[]): number[] {
  return [0x02, 0x40, 0x03, 0x40, ...get(p), ...get(end), I32_GE_U, 0x0d, 1, ...body, ...get(p), ...i32Const(16), I32_ADD, ...set(p), 0x0c, 0, 0x0b, 0x0b];
}

/** scan(p, end) → 1 when a float32 in [p, end) has an all-ones exponent (NaN, ±Infinity). */
const SCAN = sized([
  1, 2, V128, // locals: $acc = 2, $mask = 3
  ...EXPONENT_MASK, ...set(3),
  ...loopTo(0, 1, [...get(2), ...get(0), ...load(0), ...get(3), ...AND, ...get(3), ...I32X4_EQ, ...OR, ...set(2)]),
  ...get(2), ...ANY_TRUE, 0x0b,
]);

/** axpy(acc, x, end, w): acc[i] += w × x[i] for the float32s x in [x, end), float64 acc from `acc`. */
const AXPY = sized([
  1, 2, V128, // locals: $w2 = 4, $v = 5
  ...get(3), ...F64X2_SPLAT, ...set(4),
  ...loopTo(1, 2, [
    ...get(1), ...load(0), ...set(5),
    ...get(0), ...get(0), ...load(0), ...get(5), ...PROMOTE_LOW, ...get(4), ...F64X2_MUL, ...F64X2_ADD, ...store(0),
    ...get(0), ...get(0), ...load(16), ...get(5), ...get(5), ...HIGH_HALF, ...PROMOTE_LOW, ...get(4), ...F64X2_MUL, ...F64X2_ADD, ...store(16),
    ...get(0), ...i32Const(32), I32_ADD, ...set(0),
  ]),
  0x0b,
]);

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [2, 0x60, 2, I32, I32, 1, I32, 0x60, 4, I32, I32, I32, F64, 0]), // types
  ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]), // import memory env.mem (min 1 page)
  ...section(3, [2, 0, 1]), // functions: scan (type 0), axpy (type 1)
  ...section(7, [2, ...name('scan'), 0x00, 0, ...name('axpy'), 0x00, 1]), // exports
  ...section(10, [2, ...SCAN, ...AXPY]), // code
]);

/** The kernels bound to one memory; byte offsets, all multiples of 16. */
export interface SumKernel {
  readonly memory: ArrayBuffer;
  /** Whether any float32 in [from, to) is NaN or ±Infinity. */
  hasNonFinite(from: number, to: number): boolean;
  /** float64 at `acc` … += weight × float32 at [from, to). */
  addScaled(acc: number, from: number, to: number, weight: number): void;
}

/** The slice of the WebAssembly JS API used here (the TS lib in use declares no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => {
    exports: { scan: (p: number, end: number) => number; axpy: (acc: number, p: number, end: number, w: number) => void };
  };
}

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable. */
function sumModule(wasm: WasmApi | undefined): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(MODULE) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Kernels over a fresh memory of at least `bytes` bytes; undefined without WebAssembly SIMD. */
export function loadSumKernel(bytes: number): SumKernel | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const module = sumModule(wasm);
  if (!wasm || !module) return undefined;
  const mem = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const { scan, axpy } = new wasm.Instance(module, { env: { mem } }).exports;
  return {
    memory: mem.buffer,
    hasNonFinite: (from, to) => scan(from, to) !== 0,
    addScaled: (acc, from, to, weight) => axpy(acc, from, to, weight),
  };
}
