/**
 * Loading the packages' compiled C (the committed `.wasm` files next to their sources, built by each
 * package's scripts/build-kernels.sh) and laying out arrays in an instance's memory. Each binary is
 * compiled once per thread and instantiated as often as callers need separate memories.
 */
import { readFileSync } from 'node:fs';

/** The slice of the WebAssembly JS API used here (the project's TS lib declares no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** A module's linear memory as its exports expose it. */
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const compiled = new Map<string, object>();

/** A new instance of the binary at `url` (compiled on first use) with `imports`; returns its exports. */
export function instantiateWasmFile(url: URL, imports: object = {}): Record<string, unknown> {
  let module = compiled.get(url.href);
  if (!module) {
    module = new wasmApi.Module(readFileSync(url));
    compiled.set(url.href, module);
  }
  return new wasmApi.Instance(module, imports).exports;
}

/** Bytes per WebAssembly memory page. */
const PAGE_BYTES = 65536;
/** Alignment of every array in an arena (one SIMD vector). */
const ALIGN = 16;

/**
 * A bump allocator over an instance's memory, from the module's `__heap_base` on: arrays are handed out
 * aligned to 16 bytes and never freed one by one; `reset` starts over (earlier offsets become invalid).
 * The memory grows when needed, which detaches views taken before: take views after allocating.
 */
export class WasmArena {
  private top: number;

  constructor(
    readonly memory: WasmMemory,
    private readonly heapBase: number,
  ) {
    this.top = heapBase;
  }

  /** Reserves `bytes` (aligned), growing the memory when needed; returns the byte offset. */
  alloc(bytes: number): number {
    const at = Math.ceil(this.top / ALIGN) * ALIGN;
    this.top = at + bytes;
    const missing = this.top - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    return at;
  }

  /** Forgets every array: the next `alloc` starts at the heap base again. */
  reset(): void {
    this.top = this.heapBase;
  }
}
