import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Conv2DBackpropInput, backend_util } from '@tensorflow/tfjs-core';
import { conv2dBackpropInputImpl } from './conv2d_backprop_input.js';
import { CONV_CASES, randomValues, relativeError } from '../testing/parity.js';

await tf.setBackend('cpu');

for (const [i, c] of CONV_CASES.entries()) {
  test(`input gradient matches the stock cpu kernel: ${c.name}`, () => {
    const info = backend_util.computeConv2DInfo(c.input, c.filter, c.strides, 1, c.pad);
    const filter = randomValues(
      c.filter.reduce((a, b) => a * b, 1),
      200 + i,
    );
    const dy = randomValues(
      info.outShape.reduce((a, b) => a * b, 1),
      300 + i,
    );
    const stock = tf.tidy(
      () =>
        (
          tf
            .engine()
            .runKernel(
              Conv2DBackpropInput,
              { dy: tf.tensor4d(dy, info.outShape), filter: tf.tensor4d(filter, c.filter) },
              { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.input },
            ) as tf.Tensor
        ).dataSync() as Float32Array,
    );
    const ours = conv2dBackpropInputImpl(dy, filter, info);
    assert.equal(ours.length, stock.length);
    assert.ok(relativeError(ours, stock) <= 1e-4, `relative error ${relativeError(ours, stock)}`);
  });
}
