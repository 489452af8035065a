/**
 * Loader of `wasm/stream_windows.wasm` (built from `wasm/stream_windows.c` by
 * `scripts/build-kernels.sh`): the SIMD kernels of `StreamWindows`. The module is compiled once per
 * thread and instantiated once per `StreamWindows`, so each has its own memory: a stream's buffer and
 * filter state persist between batches, and several traces may be cut at the same time.
 */
import { WasmArena, instantiateWasmFile, type WasmMemory } from '@quakefed/core';

const WASM_URL = new URL('./wasm/stream_windows.wasm', import.meta.url);

/** The kernels (pointers are byte offsets into `memory`); see stream_windows.c for each. */
export interface StreamKernelExports {
  memory: WasmMemory;
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

/**
 * One instance of the kernels and its memory, handed out by a bump allocator: arrays are never
 * freed (an instance lives as long as its `StreamWindows`, and buffers only grow, at most doubling).
 */
export class StreamKernels {
  readonly k: StreamKernelExports;
  private readonly arena: WasmArena;

  constructor() {
    this.k = instantiateWasmFile(WASM_URL) as unknown as StreamKernelExports;
    this.arena = new WasmArena(this.k.memory, Number(this.k.__heap_base.value));
  }

  /** Reserves `bytes` (aligned), growing the memory when needed; returns the byte offset. */
  alloc(bytes: number): number {
    return this.arena.alloc(bytes);
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
