import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allFiniteSimd, firstNonFinite, firstNonFiniteScalar, simdFiniteCheck } from './finite.js';

/** Float32 values at byte offset `offset` of a fresh buffer, as bytes and as float32 (copied if unaligned). */
function place(values: Float32Array, offset: number): { bytes: Uint8Array; view: Float32Array } {
  const bytes = new Uint8Array(new ArrayBuffer(values.byteLength + offset), offset, values.byteLength);
  bytes.set(new Uint8Array(values.buffer));
  return { bytes, view: values };
}

const LENGTHS = [0, 1, 3, 4, 5, 17, 8191, 8192, 8193, 20000]; // around the 32 KiB chunk = 8192 floats
const BAD = [NaN, Infinity, -Infinity, new Float32Array(new Uint32Array([0xffc00001]).buffer)[0]!];

test('WebAssembly SIMD kernel is available on this Node', () => {
  assert.equal(simdFiniteCheck, true);
});

test('all-finite data passes, including max float32 and subnormals', () => {
  for (const length of LENGTHS) {
    const values = Float32Array.from({ length }, (_, i) => (i % 3 === 0 ? 3.4028234e38 : i % 3 === 1 ? 1e-45 : -i));
    for (const offset of [0, 1, 2, 3]) {
      const { bytes, view } = place(values, offset);
      assert.equal(allFiniteSimd(bytes), true, `length ${length} offset ${offset}`);
      assert.equal(firstNonFinite(bytes, view), -1);
    }
  }
});

test('SIMD and scalar paths find the same first non-finite value at any position', () => {
  for (const length of LENGTHS.filter((n) => n > 0)) {
    for (const position of new Set([0, 1, length >> 1, length - 1, 8192].filter((p) => p < length))) {
      for (const bad of BAD) {
        const values = Float32Array.from({ length }, (_, i) => Math.sin(i));
        values[position] = bad;
        const { bytes, view } = place(values, position % 4);
        assert.equal(allFiniteSimd(bytes), false, `length ${length} position ${position} ${bad}`);
        assert.equal(firstNonFinite(bytes, view), position);
        assert.equal(firstNonFiniteScalar(new Int32Array(values.buffer)), position);
      }
    }
  }
});
