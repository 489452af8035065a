/**
 * Just enough of the WebAssembly binary format to write small SIMD kernels as lists of instructions in
 * TypeScript (the repository needs no wasm toolchain; nothing is downloaded): LEB128, sections, the
 * instructions the kernels use, a loop helper, and a loader that returns undefined where WebAssembly
 * SIMD is unavailable, so callers keep a scalar path. Kernels import their memory (`env.mem`), so the
 * caller sizes it.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Bytes prefixed with their length (a function body, a vector's payload). */
export const sized = (bytes: number[]): number[] => [...uleb(bytes.length), ...bytes];
const section = (id: number, bytes: number[]): number[] => [id, ...sized(bytes)];
const name = (s: string): number[] => sized([...Buffer.from(s, 'utf8')]);

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Core instructions. */
export const get = (i: number): number[] => [0x20, i];
export const set = (i: number): number[] => [0x21, i];
/** Signed LEB128 (i32 immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const i32Const = (n: number): number[] => [0x41, ...sleb(n)];
export const I32_ADD = 0x6a;
export const I32_GE_U = 0x4f;

/** A 0xfd-prefixed SIMD instruction with its immediates. */
export const simd = (op: number, ...immediates: number[]): number[] => [0xfd, ...uleb(op), ...immediates];
/** v128.load / v128.store at `offset` past the address on the stack, 16-byte alignment hint. */
export const load = (offset: number): number[] => simd(0x00, 4, ...uleb(offset));
export const store = (offset: number): number[] => simd(0x0b, 4, ...uleb(offset));

/** `block loop … end end` that leaves when local `p` ≥ local `end`, running `body` and advancing p by `step`. */
export function loopTo(p: number, end: number, step: number, body: number[]): number[] {
  return [
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(p),
    ...get(end),
    I32_GE_U,
    0x0d,
    1,
    ...body,
    ...get(p),
    ...i32Const(step),
    I32_ADD,
    ...set(p),
    0x0c,
    0,
    0x0b,
    0x0b,
  ];
}

/** One exported function: its parameter and result types, extra locals, and code (without the final `end`). */
export interface KernelFunction {
  name: string;
  params: number[];
  results: number[];
  /** Extra locals, by type (indices follow the parameters). */
  locals: number[];
  code: number[];
}

/** A module importing `env.mem` (min 1 page) and exporting `functions`, each with its own type. */
export function assembleModule(functions: KernelFunction[]): Uint8Array {
  const types = functions.flatMap((f) => [
    0x60,
    ...uleb(f.params.length),
    ...f.params,
    ...uleb(f.results.length),
    ...f.results,
  ]);
  const bodies = functions.map((f) =>
    sized([...uleb(f.locals.length), ...f.locals.flatMap((t) => [1, t]), ...f.code, 0x0b]),
  );
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [...uleb(functions.length), ...types]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [...uleb(functions.length), ...functions.map((_, i) => i)]),
    ...section(7, [...uleb(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, i])]),
    ...section(10, [...uleb(functions.length), ...bodies.flat()]),
  ]);
}

/** The slice of the WebAssembly JS API used here (the TS lib in use declares no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** A compiled kernel module: instantiate it over a memory of a given size. */
export interface KernelModule {
  /** Exports over a fresh memory of at least `bytes` bytes. */
  instantiate(bytes: number): {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    exports: Record<string, unknown>;
  };
}

/** Compiles `functions`; undefined where WebAssembly (with SIMD) is unavailable. */
export function compileKernels(functions: KernelFunction[]): KernelModule | undefined {
  if (!wasmApi) return undefined;
  let module: object;
  try {
    module = new wasmApi.Module(assembleModule(functions));
  } catch {
    return undefined;
  }
  return {
    instantiate(bytes) {
      const memory = new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      return { memory, exports: new wasmApi.Instance(module, { env: { mem: memory } }).exports };
    },
  };
}

/**
 * One binding of kernels to a memory, shared by every call and rebound (larger) when a call needs room
 * for more values: `bind(capacity)` makes the binding for `capacity` values (a multiple of `vector`).
 * Returns undefined for every call where the kernels did not compile.
 */
export function reusedBinding<K>(
  kernels: KernelModule | undefined,
  vector: number,
  bind: (kernels: KernelModule, capacity: number) => K,
): (count: number) => K | undefined {
  let bound: { capacity: number; kernel: K } | undefined;
  return (count) => {
    if (!kernels) return undefined;
    const capacity = Math.ceil(count / vector) * vector;
    if (!bound || bound.capacity < capacity) bound = { capacity, kernel: bind(kernels, capacity) };
    return bound.kernel;
  };
}
