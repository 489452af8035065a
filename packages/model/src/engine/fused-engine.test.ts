import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend.js';
import { resolvedLossFunction } from '../losses.js';
import type { ResolvedLoss } from '../losses.js';
import { resolveModelConfig } from '../architecture.js';
import { buildModel, modelConfigOf } from '../model.js';
import { getParameters, setParameters } from '../parameters.js';
import { relativeError } from '../testing/parity.js';
import { standInWindows } from '../testing/synthetic_windows.js';
import type { ModelConfig } from '../types.js';
import { FusedEngine } from './fused-engine.js';

await initBackend('wasm-qf');

/** Geometries the engine must compute like the tfjs graph: the reference model and odd ones. */
const CASES: { name: string; config: Partial<ModelConfig>; batch: number }[] = [
  { name: 'the reference model', config: {}, batch: 32 },
  { name: 'window 999, one channel', config: { windowLength: 999, channels: 1, filters: [8, 16, 16] }, batch: 7 },
  { name: 'filters that are not multiples of 8', config: { windowLength: 123, filters: [5, 12, 7] }, batch: 9 },
  {
    name: 'kernel 5, stride 3',
    config: { windowLength: 200, kernelSize: 5, strides: 3, filters: [8, 16, 24] },
    batch: 5,
  },
  {
    name: 'kernel 1, stride 2 (inputs no output reads)',
    config: { windowLength: 101, channels: 2, kernelSize: 1, strides: 2, filters: [3, 9] },
    batch: 6,
  },
  { name: 'kernel 4, stride 1', config: { windowLength: 50, kernelSize: 4, strides: 1, filters: [16, 8] }, batch: 4 },
  { name: 'a stack deeper than the window', config: { windowLength: 5, filters: [4, 4, 4, 4, 4, 4] }, batch: 3 },
  { name: 'input pooled by 2, odd window', config: { windowLength: 123, inputPool: 2, filters: [4, 8, 12] }, batch: 5 },
  {
    name: 'input pooled by 3, two channels',
    config: { windowLength: 100, channels: 2, inputPool: 3, filters: [4, 8] },
    batch: 4,
  },
  { name: 'the reference model pooled by 2', config: { inputPool: 2 }, batch: 8 },
];

const LOSSES: ResolvedLoss[] = [
  { loss: 'focal', alpha: 0.25, gamma: 2 },
  { loss: 'focal', alpha: 0.6, gamma: 0 },
  { loss: 'bce' },
  { loss: 'weighted-bce', positiveWeight: 3.5 },
];

/** A seeded model and batch for `config`, the engine loaded with both. */
function setUp(config: Partial<ModelConfig>, batch: number, training: boolean) {
  const model = buildModel({ ...config, seed: 4 });
  const resolved = modelConfigOf(model);
  const data = standInWindows({
    count: batch,
    length: resolved.windowLength,
    channels: resolved.channels,
    positiveRate: 0.4,
    seed: 11,
  });
  const engine = new FusedEngine();
  engine.configure(resolved, batch, training);
  engine.setParameters(getParameters(model).map((p) => p.data));
  engine.loadWindows(data.x, 0, batch, resolved.windowLength * resolved.channels, data.labels);
  const x = tf.tensor3d(data.x, [batch, resolved.windowLength, resolved.channels]);
  const y = tf.tensor2d(Float32Array.from(data.labels), [batch, 1]);
  return { model, engine, x, y };
}

for (const { name, config, batch } of CASES) {
  test(`forward scores equal the tfjs graph's: ${name}`, () => {
    const { model, engine, x, y } = setUp(config, batch, false);
    const expected = tf.tidy(() => tf.sigmoid(model.apply(x) as tf.Tensor).dataSync() as Float32Array);
    const scores = engine.predict(batch);
    assert.ok(relativeError(scores, expected) < 1e-5, `relative error ${relativeError(scores, expected)}`);
    tf.dispose([x, y]);
  });

  test(`loss and the gradient of every parameter equal tf.variableGrads': ${name}`, () => {
    const { model, engine, x, y } = setUp(config, batch, true);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    for (const loss of LOSSES) {
      engine.setLoss(loss);
      const ours = engine.gradients(batch);
      const gradients = engine.lastGradients();
      const lossFn = resolvedLossFunction(loss);
      const { value, grads } = tf.variableGrads(
        () => lossFn(model.apply(x, { training: true }) as tf.Tensor, y),
        variables,
      );
      const expectedLoss = value.dataSync()[0]!;
      assert.ok(
        Math.abs(ours - expectedLoss) <= 1e-5 * Math.abs(expectedLoss),
        `${loss.loss}: ${ours} vs ${expectedLoss}`,
      );
      let offset = 0;
      variables.forEach((v, i) => {
        const expected = grads[v.name]!.dataSync() as Float32Array;
        const actual = gradients.subarray(offset, (offset += expected.length));
        const error = relativeError(actual, expected);
        assert.ok(error < 1e-4, `${JSON.stringify(loss)} ${model.weights[i]!.originalName}: relative error ${error}`);
      });
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([x, y]);
  });
}

test("logits of ±1e4 give finite losses and gradients, equal to tfjs'", () => {
  for (const bias of [1e4, -1e4]) {
    const { model, engine, x, y } = setUp({ windowLength: 60, filters: [4, 8] }, 6, true);
    const params = getParameters(model);
    params.at(-1)!.data[0] = bias;
    setParameters(model, params);
    engine.setParameters(params.map((p) => p.data));
    for (const loss of LOSSES) {
      engine.setLoss(loss);
      const ours = engine.gradients(6);
      const gradients = engine.lastGradients();
      const expected = tf.tidy(() => resolvedLossFunction(loss)(model.apply(x) as tf.Tensor, y).dataSync()[0]!);
      assert.ok(Number.isFinite(ours) && gradients.every(Number.isFinite), `${loss.loss} at ${bias}: ${ours}`);
      assert.ok(Math.abs(ours - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${ours} vs ${expected}`);
    }
    tf.dispose([x, y]);
  }
});

test('parameters read back equal those loaded', () => {
  const { model, engine, x, y } = setUp({ windowLength: 60, filters: [5, 12] }, 2, false);
  const expected = getParameters(model);
  const values = engine.parameters();
  assert.deepEqual(values, Float32Array.from(expected.flatMap((p) => [...p.data])));
  tf.dispose([x, y]);
});

test('a batch larger than the engine was configured for is rejected', () => {
  const { engine, x, y } = setUp({ windowLength: 60, filters: [4] }, 2, false);
  assert.throws(() => engine.loadWindows(new Float32Array(3 * 180), 0, 3, 180), { code: 'QF_ERR_BAD_DATA' });
  tf.dispose([x, y]);
});

test('an inference-only engine refuses to train', () => {
  const { engine, x, y } = setUp({ windowLength: 60, filters: [4] }, 2, false);
  assert.throws(() => engine.gradients(2), { code: 'QF_ERR_UNSUPPORTED' });
  tf.dispose([x, y]);
});

test('parameters of the wrong size are rejected', () => {
  const { engine, x, y } = setUp({ windowLength: 60, filters: [4] }, 2, false);
  assert.throws(() => engine.setParameters([new Float32Array(3)]), { code: 'QF_ERR_BAD_PARAMETERS' });
  tf.dispose([x, y]);
});

test('a layout beyond the 4 GB wasm address space is refused, not wrapped', () => {
  const huge = resolveModelConfig({ windowLength: 200_000_000, filters: [8] });
  assert.throws(() => new FusedEngine().configure(huge, 32, true), { code: 'QF_ERR_UNSUPPORTED' });
});

test('an engine configured again for the layout it has scores like a fresh one, across other layouts', () => {
  const config = resolveModelConfig({ windowLength: 60, inputPool: 2, filters: [4, 8], seed: 3 });
  const other = resolveModelConfig({ windowLength: 90, filters: [8], seed: 5 });
  const data = standInWindows({ count: 4, length: 60, channels: 3, positiveRate: 0.5, seed: 2 });
  const scores = (engine: FusedEngine, seed: number): Float32Array => {
    engine.configure(config, 4, false);
    engine.setParameters(getParameters(buildModel({ ...config, seed })).map((p) => p.data));
    engine.loadWindows(data.x, 0, 4, 180);
    return engine.predict(4).slice();
  };
  const reused = new FusedEngine();
  scores(reused, 1);
  const again = scores(reused, 7);
  reused.configure(other, 2, false);
  const afterOther = scores(reused, 7);
  const fresh = scores(new FusedEngine(), 7);
  assert.deepEqual(again, fresh);
  assert.deepEqual(afterOther, fresh);
});
