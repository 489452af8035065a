import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './backend.js';
import { buildModel, modelConfigOf } from './model.js';
import { countParameters, layerLengths, parameterSpecs, priorBias, resolveModelConfig } from './architecture.js';
import { DEFAULT_MODEL_CONFIG } from './defaults.js';
import { getParameters, setParameters } from './parameters.js';

await initBackend('wasm-qf');

test('the default model has 24,825 parameters, as documented', () => {
  const model = buildModel();
  assert.equal(model.countParams(), 24825);
  assert.equal(countParameters(resolveModelConfig()), 24825);
});

test('parameterSpecs match the built model weights in order', () => {
  const config = resolveModelConfig({ channels: 1, filters: [4, 8, 8], kernelSize: 5 });
  const model = buildModel(config);
  assert.deepEqual(
    model.weights.map((w) => ({ name: w.originalName, shape: w.shape })),
    parameterSpecs(config),
  );
});

test('each conv layer divides the length by the stride, rounding up, after the input pooling', () => {
  assert.deepEqual(layerLengths(resolveModelConfig()), [750, 375, 188, 94, 47, 24, 12, 6, 3]);
  const model = buildModel({ windowLength: 101, inputPool: 1, filters: [4, 4], strides: 3 });
  assert.deepEqual(model.layers[1]!.outputShape, [null, 12, 4]);
  const pooled = buildModel({ windowLength: 101, inputPool: 2, filters: [4, 4], strides: 3 });
  assert.deepEqual(pooled.layers[0]!.outputShape, [null, 50, 3]);
  assert.deepEqual(pooled.layers[2]!.outputShape, [null, 6, 4]);
  assert.deepEqual(layerLengths(modelConfigOf(pooled)), [17, 6]);
});

test('the output bias starts at the prior: sigmoid(b) = π', () => {
  const model = buildModel({ priorProbability: 0.01 });
  const bias = getParameters(model).at(-1)!;
  assert.equal(bias.name, 'logit/bias');
  assert.ok(Math.abs(bias.data[0]! - priorBias(0.01)) < 1e-6);
  assert.ok(Math.abs(1 / (1 + Math.exp(-bias.data[0]!)) - 0.01) < 1e-7);
});

test('initialisation is seeded: same seed same weights, other seed other weights', () => {
  const a = getParameters(buildModel({ seed: 5 }));
  const b = getParameters(buildModel({ seed: 5 }));
  const c = getParameters(buildModel({ seed: 6 }));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0]!.data, c[0]!.data);
});

test('model output is one logit per window', () => {
  const model = buildModel({ windowLength: 200 });
  const out = tf.tidy(() => (model.predict(tf.zeros([5, 200, 3])) as tf.Tensor).shape);
  assert.deepEqual(out, [5, 1]);
});

test('invalid configs are rejected', () => {
  assert.throws(() => resolveModelConfig({ filters: [] }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveModelConfig({ priorProbability: 1 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveModelConfig({ kernelSize: 2.5 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.equal(DEFAULT_MODEL_CONFIG.windowLength, 3000);
});

test('setParameters round-trips getParameters into another model', () => {
  const source = buildModel({ seed: 1 });
  const target = buildModel({ seed: 2 });
  setParameters(target, getParameters(source));
  assert.deepEqual(getParameters(target), getParameters(source));
});

test('setParameters rejects wrong names and shapes', () => {
  const model = buildModel();
  const params = getParameters(model);
  const renamed = params.map((p, i) => (i === 0 ? { ...p, name: 'conv9/kernel' } : p));
  assert.throws(() => setParameters(model, renamed), { code: 'QF_ERR_BAD_PARAMETERS' });
  const reshaped = params.map((p, i) => (i === 1 ? { ...p, shape: [p.data.length, 1] } : p));
  assert.throws(() => setParameters(model, reshaped), { code: 'QF_ERR_BAD_PARAMETERS' });
  assert.throws(() => setParameters(model, params.slice(1)), { code: 'QF_ERR_BAD_PARAMETERS' });
});
