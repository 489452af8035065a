import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '@quakefed/seismic';
import { loadSumKernel } from './sum-kernel.js';

const kernel = loadSumKernel(4096)!;

test('WebAssembly SIMD is available here, so the kernels are what these tests run', () => {
  assert.ok(kernel);
});

test('the scan finds NaN, +Infinity and -Infinity in every lane and passes finite extremes', () => {
  const x = new Float32Array(kernel.memory, 0, 64);
  x.set([3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, -0, 0, 1, -1, 65504]);
  assert.equal(kernel.hasNonFinite(0, 256), false);
  for (const bad of [NaN, Infinity, -Infinity]) {
    for (let i = 0; i < 64; i++) {
      const keep = x[i]!;
      x[i] = bad;
      assert.equal(kernel.hasNonFinite(0, 256), true, `${bad} at ${i}`);
      assert.equal(kernel.hasNonFinite(0, (i >> 2) * 16), false, `the scan stops before ${i}`);
      x[i] = keep;
    }
  }
});

test('addScaled is the scalar float64 a += w * x to the bit', () => {
  const rng = createRng(3);
  const n = 96;
  const acc = new Float64Array(kernel.memory, 0, n);
  const x = new Float32Array(kernel.memory, 8 * n, n);
  acc.fill(0); // the memory is shared with the test above
  const expected = new Float64Array(n);
  for (const w of [1, 3.7, 1e-3, 250]) {
    for (let i = 0; i < n; i++) x[i] = rng.normal() * 10 ** ((i % 9) - 4);
    for (let i = 0; i < n; i++) expected[i] = expected[i]! + w * x[i]!;
    kernel.addScaled(0, 8 * n, 12 * n, w);
    assert.deepEqual(acc, expected);
  }
});
