/**
 * Loading this package's compiled C: the committed `.wasm` files next to their sources, built by the
 * package's scripts/build-kernels.sh. Each binary is compiled once per thread and instantiated as
 * often as callers need separate memories.
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
