import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { activeBackend, initBackend } from './backend.js';
import { buildModel } from './model.js';
import { bceLoss } from './losses.js';
import { getParameters, setParameters } from './parameters.js';
import { relativeError } from './testing/parity.js';
import { standInWindows } from './testing/synthetic_windows.js';

const config = { windowLength: 120, filters: [6, 8, 12] };
const data = standInWindows({ count: 8, length: 120, channels: 3, positiveRate: 0.5, seed: 11 });

/** Gradients of the BCE of a fixed model on fixed data, flattened per weight, on the active backend. */
function gradients(params: ReturnType<typeof getParameters>): Float32Array[] {
  const model = buildModel(config);
  setParameters(model, params);
  const x = tf.tensor3d(data.x, [data.count, data.length, data.channels]);
  const y = tf.tensor2d(Float32Array.from(data.labels), [data.count, 1]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => bceLoss(model.apply(x) as tf.Tensor, y), variables);
  const out = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose([x, y, ...Object.values(grads)]);
  model.dispose();
  return out;
}

test('wasm-qf computes the same conv gradients as the stock cpu backend', async () => {
  await initBackend('cpu');
  const params = getParameters(buildModel(config));
  const expected = gradients(params);
  await initBackend('wasm-qf');
  const actual = gradients(params);
  actual.forEach((g, i) =>
    assert.ok(relativeError(g, expected[i]!) <= 1e-4, `weight ${i}: ${relativeError(g, expected[i]!)}`),
  );
});

test('stock wasm cannot train a conv (the reason for wasm-qf)', async () => {
  await initBackend('wasm');
  const params = getParameters(buildModel(config));
  assert.throws(() => gradients(params), /Conv2DBackpropFilter/);
  await initBackend('wasm-qf');
});

test('QUAKEFED_BACKEND overrides auto', async () => {
  process.env.QUAKEFED_BACKEND = 'cpu';
  try {
    assert.equal(await initBackend('auto'), 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.equal(activeBackend(), 'cpu');
  } finally {
    delete process.env.QUAKEFED_BACKEND;
  }
});

test('unknown backend names are rejected', async () => {
  await assert.rejects(initBackend('gpu' as never), { code: 'QF_ERR_BAD_OPTIONS' });
});

test('tfjs-node is used when it loads, else an explicit request fails with QF_ERR_BACKEND_UNAVAILABLE', async () => {
  const loads = await import('@tensorflow/tfjs-node' as string).then(
    () => true,
    () => false,
  );
  if (loads) assert.equal(await initBackend('tfjs-node'), 'tfjs-node');
  else await assert.rejects(initBackend('tfjs-node'), { code: 'QF_ERR_BACKEND_UNAVAILABLE' });
});

test('wasm-qf trains inside a worker thread', async () => {
  // A .ts worker needs tsx registered inside the worker (Node 20 workers ignore `--import` in execArgv).
  const url = new URL('./testing/worker_train.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
  const worker = new Worker(bootstrap, { eval: true });
  const message = await new Promise<{ backend: string; loss: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(message.backend, 'wasm-qf');
  assert.ok(Number.isFinite(message.loss));
});
