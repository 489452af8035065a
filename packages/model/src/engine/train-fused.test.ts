import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend.js';
import { ENGINE_ENV_VAR } from '../defaults.js';
import { evaluateModel, predictScores } from '../evaluate.js';
import { buildModel, modelConfigOf } from '../model.js';
import { getParameters } from '../parameters.js';
import { loadWithPlainTfjs } from '../testing/plain_tfjs_model.js';
import { standInWindows } from '../testing/synthetic_windows.js';
import { trainLocal } from '../train.js';
import type { TrainOptions, TrainResult } from '../types.js';
import { fusedEngineConfig } from './engine-choice.js';
import { acquireEngine, releaseEngine } from './engine-pool.js';

await initBackend('wasm-qf');

const config = { windowLength: 150, filters: [8, 8, 16, 12] };
const data = standInWindows({ count: 100, length: 150, channels: 3, positiveRate: 0.2, seed: 21 });

/** The same training on both engines, from the same initial weights. */
async function trainBoth(options: Partial<TrainOptions>): Promise<{ fused: TrainResult; graph: TrainResult }> {
  const fused = await trainLocal(buildModel(config), data, { ...options, engine: 'fused' });
  const graph = await trainLocal(buildModel(config), data, { ...options, engine: 'graph' });
  return { fused, graph };
}

/** Largest |fused − graph| over every weight, and the epoch losses' largest relative difference. */
function differences({ fused, graph }: { fused: TrainResult; graph: TrainResult }) {
  let weights = 0;
  fused.parameters.forEach((p, t) =>
    p.data.forEach((v, i) => {
      weights = Math.max(weights, Math.abs(v - graph.parameters[t]!.data[i]!));
    }),
  );
  const loss = Math.abs(fused.metrics.loss! - graph.metrics.loss!) / Math.abs(graph.metrics.loss!);
  return { weights, loss };
}

test('Adam steps give the tfjs path its weights and losses', async () => {
  const both = await trainBoth({ epochs: 2, batchSize: 16, learningRate: 1e-3, seed: 1 });
  const { weights, loss } = differences(both);
  // Adam moves every weight by about the learning rate (1e-3) per step, 14 steps here: the paths agree far closer.
  assert.ok(weights < 1e-6, `max weight difference ${weights}`);
  assert.ok(loss < 1e-4, `loss difference ${loss}`);
  assert.equal(both.fused.metrics.steps, both.graph.metrics.steps);
});

test('SGD with momentum, clipping, FedProx and class-balanced sampling gives the tfjs path its weights', async () => {
  const global = getParameters(buildModel({ ...config, seed: 5 }));
  const both = await trainBoth({
    epochs: 2,
    batchSize: 12,
    optimizer: 'sgd',
    momentum: 0.9,
    learningRate: 0.05,
    clipNorm: 0.5,
    proxMu: 0.3,
    globalParameters: global,
    classBalanced: true,
    seed: 2,
  });
  const { weights, loss } = differences(both);
  assert.ok(weights < 1e-6, `max weight difference ${weights}`);
  assert.ok(loss < 1e-4, `loss difference ${loss}`);
});

test('weighted BCE and plain SGD give the tfjs path its weights', async () => {
  const both = await trainBoth({ loss: 'weighted-bce', optimizer: 'sgd', learningRate: 0.01, batchSize: 32, seed: 3 });
  const { weights, loss } = differences(both);
  assert.ok(weights < 1e-6, `max weight difference ${weights}`);
  assert.ok(loss < 1e-4, `loss difference ${loss}`);
});

test("evaluation on the fused engine equals the tfjs graph's", async () => {
  const model = buildModel(config);
  const fused = await evaluateModel(model, data, { engine: 'fused', threshold: 0.01 });
  const graph = await evaluateModel(model, data, { engine: 'graph', threshold: 0.01 });
  assert.ok(Math.abs(fused.loss - graph.loss) < 1e-5 * graph.loss, `${fused.loss} vs ${graph.loss}`);
  assert.deepEqual(fused.confusion, graph.confusion);
  assert.deepEqual(fused.histogram, graph.histogram);
});

test('a window holding NaN scores NaN and makes the weights NaN on both paths, as tfjs does', async () => {
  const bad = { ...data, x: data.x.slice() };
  bad.x[5 * 150 * 3 + 40] = Number.NaN;
  // Unpooled: tfjs' wasm average pooling (XNNPACK) clamps NaN away, so the graph of a pooled model
  // scores such a window as a number; the engine keeps the NaN (next test), so a bad window shows.
  for (const engine of ['fused', 'graph'] as const) {
    const model = buildModel({ ...config, inputPool: 1 });
    const scores = await predictScores(model, bad.x, bad.count, 256, engine);
    assert.ok(Number.isNaN(scores[5]!) && Number.isFinite(scores[4]!), `${engine}: ${scores[5]}, ${scores[4]}`);
    const result = await trainLocal(model, bad, { engine, batchSize: 100 });
    assert.ok(Number.isNaN(result.metrics.loss!), `${engine}: loss ${result.metrics.loss}`);
    assert.ok(Number.isNaN(result.parameters[0]!.data[0]!), `${engine}: weight ${result.parameters[0]!.data[0]}`);
  }
});

test('a window holding NaN scores NaN on the engine with input pooling too', async () => {
  const bad = { ...data, x: data.x.slice() };
  bad.x[5 * 150 * 3 + 40] = Number.NaN;
  const scores = await predictScores(buildModel({ ...config, inputPool: 2 }), bad.x, bad.count, 256, 'fused');
  assert.ok(Number.isNaN(scores[5]!) && Number.isFinite(scores[4]!), `${scores[5]}, ${scores[4]}`);
});

test('scores of more windows than the engine takes per call come out in order', async () => {
  const model = buildModel(config);
  const many = standInWindows({ count: 600, length: 150, channels: 3, positiveRate: 0.2, seed: 22 });
  const fused = await predictScores(model, many.x, many.count, 512, 'fused');
  const graph = await predictScores(model, many.x, many.count, 512, 'graph');
  fused.forEach((s, i) => assert.ok(Math.abs(s - graph[i]!) < 1e-6, `window ${i}: ${s} vs ${graph[i]}`));
});

test("'auto' takes the fused engine on wasm-qf for the reference family; 'graph' and QUAKEFED_ENGINE=graph do not", () => {
  const model = buildModel(config);
  assert.deepEqual(fusedEngineConfig(model), modelConfigOf(model));
  assert.equal(fusedEngineConfig(model, 'graph'), undefined);
  process.env[ENGINE_ENV_VAR] = 'graph';
  try {
    assert.equal(fusedEngineConfig(model), undefined);
    assert.deepEqual(fusedEngineConfig(model, 'fused'), modelConfigOf(model));
    process.env[ENGINE_ENV_VAR] = 'turbo';
    assert.throws(() => fusedEngineConfig(model), { code: 'QF_ERR_BAD_OPTIONS' });
  } finally {
    delete process.env[ENGINE_ENV_VAR];
  }
});

test("a model loaded by plain tfjs runs on the graph under 'auto' and is refused by 'fused'", async () => {
  const loaded = await loadWithPlainTfjs(buildModel(config));
  assert.equal(fusedEngineConfig(loaded), undefined);
  await assert.rejects(trainLocal(loaded, data, { engine: 'fused' }), { code: 'QF_ERR_UNSUPPORTED' });
});

test('an unknown engine option is rejected', async () => {
  await assert.rejects(trainLocal(buildModel(config), data, { engine: 'turbo' as 'auto' }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});

test('the fused path yields to the event loop while it trains', async () => {
  const long = standInWindows({ count: 4000, length: 150, channels: 3, positiveRate: 0.2, seed: 23 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const result = await trainLocal(buildModel(config), long, { epochs: 6, batchSize: 8, engine: 'fused' });
  clearInterval(timer);
  // Yields come every ~50 ms of training, so a run that lasts several times that lets the timer fire.
  if (result.metrics.seconds! > 0.2) assert.ok(ticks > 0, `no tick in ${result.metrics.seconds} s`);
});

test('concurrent runs take separate engine instances', () => {
  const a = acquireEngine();
  const b = acquireEngine();
  assert.notEqual(a, b);
  releaseEngine(a);
  releaseEngine(b);
});
