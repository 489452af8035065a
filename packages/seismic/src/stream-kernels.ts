/**
 * Loader of `wasm/stream_windows.wasm` (built from `wasm/stream_windows.c` by
 * `scripts/build-kernels.sh`): the SIMD kernels of `StreamWindows`. The module is compiled once per
 * thread and instantiated once per `StreamWindows`, so each has its own memory: a stream's buffer and
 * filter state persist between batches, and several traces may be cut at the same time.
 */
import { readFileSync } from 'node:fs';

const WASM_URL = new URL('./wasm/stream_windows.wasm', import.meta.url);
const PAGE_BYTES = 65536;
/** Alignment of every array in the module memory (one SIMD vector). */
const ALIGN = 16;

// The project's TS lib (ES2023, no DOM) has no WebAssembly typings; these are the parts used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

/** The kernels (pointers are byte offsets into `memory`); see stream_windows.c for each. */
export interface StreamKernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { value: number };
  configure(...args: number[]): void;
  set_buffers(raw: number, stream: number, cap: number): void;
  stream_advance(from: number, n: number, offsets: number, state: number): void;
  cut_windows(
    n: number,
    starts: number,
    base: number,
    offsets: number,
    states: number,
    out: number,
    sums: number,
    moments: number,
    blocks: number,
  ): void;
}

let compiled: object | undefined;

/**
 * One instance of the kernels and its memory, handed out by a bump allocator: arrays are never
 * freed (an instance lives as long as its `StreamWindows`, and buffers only grow, at most doubling).
 */
export class StreamKernels {
  readonly k: StreamKernelExports;
  private top: number;

  constructor() {
    compiled ??= new WebAssembly.Module(readFileSync(WASM_URL));
    this.k = new WebAssembly.Instance(compiled, {}).exports as StreamKernelExports;
    this.top = Number(this.k.__heap_base.value);
  }

  /** Reserves `bytes` (aligned), growing the memory when needed; returns the byte offset. */
  alloc(bytes: number): number {
    const at = Math.ceil(this.top / ALIGN) * ALIGN;
    this.top = at + bytes;
    const missing = this.top - this.k.memory.buffer.byteLength;
    if (missing > 0) this.k.memory.grow(Math.ceil(missing / PAGE_BYTES));
    return at;
  }

  /** A float32 view (take it after any `alloc`, which may move the memory). */
  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, length);
  }

  /** A float64 view (take it after any `alloc`). */
  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, at, length);
  }

  /** An int32 view (take it after any `alloc`). */
  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, at, length);
  }

  /** Whether views taken before are still valid (no `alloc` grew the memory since `buffer`). */
  holds(buffer: ArrayBufferLike): boolean {
    return this.k.memory.buffer === buffer;
  }
}
