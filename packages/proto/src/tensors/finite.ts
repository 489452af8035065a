/**
 * Fast check that float32 data holds no NaN or ±Infinity (exponent bits all ones).
 *
 * A scalar JS loop runs at ~1 element/ns, several times slower than copying the same bytes. The fast
 * path therefore streams the bytes through a tiny hand-assembled WebAssembly SIMD kernel in
 * L1/L2-sized chunks (one native copy into wasm memory + 4 SIMD ops per 16 bytes). Where WebAssembly
 * SIMD is unavailable the scalar loop is used; both are tested against each other.
 */

/** Bytes scanned per wasm call: small enough to stay in cache between the copy and the scan. */
const CHUNK_BYTES = 32 * 1024;

/**
 * Module: memory "mem" (1 page = 64 KiB, exported) and `scan(len: i32) -> i32`, which returns 1 when any
 * of the first `len` bytes (a multiple of 16), read as little-endian float32s, has an all-ones exponent.
 */
// prettier-ignore
const SCAN_WASM = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // "\0asm", version 1
  0x01,
  0x06,
  0x01,
  0x60,
  0x01,
  0x7f,
  0x01,
  0x7f, // type section: (i32) -> i32
  0x03,
  0x02,
  0x01,
  0x00, // function section: func 0 has type 0
  0x05,
  0x03,
  0x01,
  0x00,
  0x01, // memory section: min 1 page
  0x07,
  0x0e,
  0x02, // export section, 2 exports
  0x03,
  0x6d,
  0x65,
  0x6d,
  0x02,
  0x00, // "mem" = memory 0
  0x04,
  0x73,
  0x63,
  0x61,
  0x6e,
  0x00,
  0x00, // "scan" = func 0
  0x0a,
  0x4a,
  0x01,
  0x48, // code section, 1 body of 72 bytes
  0x02,
  0x01,
  0x7f,
  0x02,
  0x7b, // locals: 1 i32 ($p = 1), 2 v128 ($acc = 2, $mask = 3)
  0xfd,
  0x0c, // v128.const i32x4 0x7f800000 x4
  0x00,
  0x00,
  0x80,
  0x7f,
  0x00,
  0x00,
  0x80,
  0x7f,
  0x00,
  0x00,
  0x80,
  0x7f,
  0x00,
  0x00,
  0x80,
  0x7f,
  0x21,
  0x03, // local.set $mask
  0x02,
  0x40, // block
  0x03,
  0x40, //   loop
  0x20,
  0x01,
  0x20,
  0x00,
  0x4f,
  0x0d,
  0x01, //     br_if 1 ($p >= $len)
  0x20,
  0x02, //     local.get $acc
  0x20,
  0x01,
  0xfd,
  0x00,
  0x02,
  0x00, //     v128.load align=4 ($p)
  0x20,
  0x03,
  0xfd,
  0x4e, //     v128.and $mask
  0x20,
  0x03,
  0xfd,
  0x37, //     i32x4.eq $mask
  0xfd,
  0x50,
  0x21,
  0x02, //     $acc = v128.or($acc, ...)
  0x20,
  0x01,
  0x41,
  0x10,
  0x6a,
  0x21,
  0x01, //     $p += 16
  0x0c,
  0x00, //     br 0
  0x0b,
  0x0b, //   end loop, end block
  0x20,
  0x02,
  0xfd,
  0x53, // v128.any_true $acc
  0x0b, // end
]);

interface ScanKernel {
  memory: Uint8Array;
  scan: (len: number) => number;
}

/** The slice of the WebAssembly JS API used here (the TS lib in use declares no WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { mem: { buffer: ArrayBuffer }; scan: (len: number) => number } };
}

/** The wasm kernel, or undefined where WebAssembly SIMD is not available. */
function loadKernel(): ScanKernel | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const { mem, scan } = new wasm.Instance(new wasm.Module(SCAN_WASM)).exports;
    return { memory: new Uint8Array(mem.buffer, 0, CHUNK_BYTES), scan };
  } catch {
    return undefined; // no SIMD support: the scalar loop is used
  }
}

const kernel = loadKernel();

/** Whether the SIMD kernel is in use (false = scalar fallback). */
export const simdFiniteCheck = kernel !== undefined;

/**
 * Scalar reference: index of the first non-finite float32 in `bits` (the values' raw bits), or -1.
 * `0x7f7fffff − (bits & 0x7fffffff)` is negative exactly when the exponent is all ones.
 */
export function firstNonFiniteScalar(bits: Int32Array): number {
  for (let i = 0; i < bits.length; i++) {
    if (0x7f7fffff - (bits[i]! & 0x7fffffff) < 0) return i;
  }
  return -1;
}

/** SIMD path: whether the little-endian float32 bytes (length a multiple of 4) are all finite. */
export function allFiniteSimd(bytes: Uint8Array, k: ScanKernel = kernel!): boolean {
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const end = Math.min(bytes.length, start + CHUNK_BYTES);
    const len = end - start;
    k.memory.set(bytes.subarray(start, end));
    const padded = (len + 15) & ~15;
    if (padded > len) k.memory.fill(0, len, padded); // zeros are finite
    if (k.scan(padded) !== 0) return false;
  }
  return true;
}

/**
 * Index of the first NaN/±Infinity in little-endian float32 bytes, or -1 when all are finite.
 * `bytes.length` must be a multiple of 4; `bytes` need not be aligned. The values in `view` must be
 * the same bytes read as float32 (used by the scalar path and to locate the bad element).
 */
export function firstNonFinite(bytes: Uint8Array, view: Float32Array): number {
  if (kernel && allFiniteSimd(bytes, kernel)) return -1;
  return firstNonFiniteScalar(new Int32Array(view.buffer, view.byteOffset, view.length));
}
