/**
 * Loader for `wasm/conv_grads.wasm` (built from `wasm/conv_grads.c`): our SIMD convolution-gradient
 * kernels. The module has its own linear memory; callers copy operands in, run, and read results
 * out — a copy is cheap next to the O(batch·width·K·Cin·Cout) work. Instantiated lazily, once per
 * thread (each worker_thread gets its own instance).
 */
import { instantiateWasmFile } from '../wasm-binary.js';
import type { WasmMemory } from '../wasm-binary.js';

const WASM_URL = new URL('./wasm/conv_grads.wasm', import.meta.url);
const PAGE_BYTES = 65536;
/** Operand alignment inside the module memory (one SIMD vector). */
const ALIGN = 16;

interface ConvGradExports {
  memory: WasmMemory;
  __heap_base: { value: number };
  conv2d_backprop_filter: (...args: number[]) => void;
  conv2d_backprop_input: (...args: number[]) => void;
}

let exportsCache: ConvGradExports | undefined;

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
  let offset = Number(mod.__heap_base.value);
  const offsets: number[] = [];
  for (const size of byteSizes) {
    offset = Math.ceil(offset / ALIGN) * ALIGN;
    offsets.push(offset);
    offset += size;
  }
  const missing = offset - mod.memory.buffer.byteLength;
  if (missing > 0) mod.memory.grow(Math.ceil(missing / PAGE_BYTES));
  return offsets;
}

/** A float32 view on the module memory (take it after `reserve`, which may grow the memory). */
export function f32View(byteOffset: number, length: number): Float32Array {
  return new Float32Array(convGradModule().memory.buffer, byteOffset, length);
}
