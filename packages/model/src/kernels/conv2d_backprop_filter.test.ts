import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Conv2DBackpropFilter, backend_util } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterImpl } from './conv2d_backprop_filter.js';
import { CONV_CASES, randomValues, relativeError } from '../testing/parity.js';
import type { ConvCase } from '../testing/parity.js';

await tf.setBackend('cpu');

/** The stock cpu kernel's result and ours for the same seeded x and dy. */
function compare(c: ConvCase, seed: number, positive = false): { ours: Float32Array; stock: Float32Array } {
  const info = backend_util.computeConv2DInfo(c.input, c.filter, c.strides, 1, c.pad);
  const x = randomValues(
    c.input.reduce((a, b) => a * b, 1),
    seed,
    positive,
  );
  const dy = randomValues(
    info.outShape.reduce((a, b) => a * b, 1),
    seed + 1,
    positive,
  );
  const stock = tf.tidy(
    () =>
      (
        tf
          .engine()
          .runKernel(
            Conv2DBackpropFilter,
            { x: tf.tensor4d(x, c.input), dy: tf.tensor4d(dy, info.outShape) },
            { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
          ) as tf.Tensor
      ).dataSync() as Float32Array,
  );
  return { ours: conv2dBackpropFilterImpl(x, dy, info), stock };
}

for (const [i, c] of CONV_CASES.entries()) {
  test(`filter gradient matches the stock cpu kernel: ${c.name}`, () => {
    const { ours, stock } = compare(c, 100 + i);
    assert.equal(ours.length, stock.length);
    assert.ok(relativeError(ours, stock) <= 1e-4, `relative error ${relativeError(ours, stock)}`);
  });
}

test('filter gradient keeps float64 accuracy on long all-positive sums (64 × 2000 terms)', () => {
  // A float32 running sum over 128k positive products drifts by ~1e-4..1e-3; blocked float64 does not.
  const c: ConvCase = { name: 'long', input: [64, 1, 4000, 4], filter: [1, 3, 4, 8], strides: [1, 2], pad: 'same' };
  const { ours, stock } = compare(c, 7, true);
  assert.ok(relativeError(ours, stock) <= 1e-6, `relative error ${relativeError(ours, stock)}`);
});

test('filter gradient rejects NCHW', () => {
  const info = backend_util.computeConv2DInfo(
    [1, 2, 5, 5],
    [1, 3, 2, 2],
    1,
    1,
    'same',
    undefined,
    false,
    'channelsFirst',
  );
  assert.throws(() => conv2dBackpropFilterImpl(new Float32Array(50), new Float32Array(50), info), {
    code: 'QF_ERR_UNSUPPORTED',
  });
});
