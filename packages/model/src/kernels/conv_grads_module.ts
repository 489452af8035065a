/**
 * Loader for `wasm/conv_grads.wasm` (built from `wasm/conv_grads.c`): our SIMD convolution-gradient
 * kernels. The module has its own linear memory; callers copy operands in, run, and read results
 * out — a copy is cheap next to the O(batch·width·K·Cin·Cout) work. Instantiated lazily, once per
 * thread (each worker_thread gets its own instance).
 */
import { WasmArena, instantiateWasmFile, type WasmMemory } from '@quakefed/core';

const WASM_URL = new URL('./wasm/conv_grads.wasm', import.meta.url);

interface ConvGradExports {
  memory: WasmMemory;
  __heap_base: { value: number };
  conv2d_backprop_filter: (...args: number[]) => void;
  conv2d_backprop_input: (...args: number[]) => void;
}

let exportsCache: ConvGradExports | undefined;
let arena: WasmArena | undefined;

/** The instantiated module (synchronous: the binary is ~9 KB). */
export function convGradModule(): ConvGradExports {
  exportsCache ??= instantiateWasmFile(WASM_URL) as unknown as ConvGradExports;
  return exportsCache;
}

/**
 * Lays out consecutive buffers of the given byte sizes in the module's memory (growing it when
 * needed) and returns their byte offsets. Offsets are valid until the next call.
 */
export function reserve(byteSizes: number[]): number[] {
  const mod = convGradModule();
  arena ??= new WasmArena(mod.memory, Number(mod.__heap_base.value));
  arena.reset();
  return byteSizes.map((size) => arena!.alloc(size));
}

/** A float32 view on the module memory (take it after `reserve`, which may grow the memory). */
export function f32View(byteOffset: number, length: number): Float32Array {
  return new Float32Array(convGradModule().memory.buffer, byteOffset, length);
}
