import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { initBackend } from './backend.js';
import { buildModel, modelConfigOf } from './model.js';
import { getParameters } from './parameters.js';
import { modelArtifactsFromParameters, parametersFromModelArtifacts } from './artifacts.js';
import { loadModel, modelLoadHandler, saveModel } from './io.js';
import { predictScores } from './evaluate.js';
import { standInWindows } from './testing/synthetic_windows.js';
import { loadWithPlainTfjs } from './testing/plain_tfjs_model.js';
import { withTempDir } from './testing/temp_dir.js';

await initBackend('wasm-qf');

const config = { windowLength: 200, filters: [4, 8, 8], seed: 9 };
const probe = standInWindows({ count: 6, length: 200, channels: 3, positiveRate: 0.5, seed: 4 });
// The tfjs graph for every model: one loaded by plain tfjs (no config attached) cannot use the fused engine.
const scoresOf = (model: LayersModel): Promise<Float32Array> =>
  predictScores(model, probe.x, probe.count, probe.count, 'graph');

test('artifacts round-trip parameters and config without tfjs', () => {
  const model = buildModel(config);
  const params = getParameters(model);
  const files = modelArtifactsFromParameters(modelConfigOf(model), params);
  const back = parametersFromModelArtifacts(files);
  assert.deepEqual(back.parameters, params);
  assert.deepEqual(back.config, modelConfigOf(model));
});

test('a pooled model round-trips through artifacts and plain tfjs scores it alike', async () => {
  const model = buildModel({ ...config, inputPool: 2 });
  const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
  assert.equal(parametersFromModelArtifacts(files).config.inputPool, 2);
  assert.deepEqual(await scoresOf(await loadWithPlainTfjs(model)), await scoresOf(model));
});

test('a model.json written before input pooling existed reads as unpooled, whatever the default', () => {
  const model = buildModel({ ...config, inputPool: 1 });
  const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
  const { inputPool: _, ...stored } = files.modelJson.userDefinedMetadata.quakefedModelConfig;
  const old = { ...files.modelJson, userDefinedMetadata: { quakefedModelConfig: stored } };
  assert.equal(parametersFromModelArtifacts({ ...files, modelJson: old as never }).config.inputPool, 1);
});

test('artifacts with truncated weights are rejected', () => {
  const model = buildModel(config);
  const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
  assert.throws(() => parametersFromModelArtifacts({ ...files, weights: files.weights.subarray(4) }), {
    code: 'QF_ERR_BAD_ARTIFACTS',
  });
});

test('tf.loadLayersModel reads artifacts built from parameters alone', async () => {
  const model = buildModel(config);
  assert.deepEqual(await scoresOf(await loadWithPlainTfjs(model)), await scoresOf(model));
});

test('saveModel writes model.json + weights.bin that tf.loadLayersModel reads through an fs IOHandler', async () => {
  await withTempDir(async (dir) => {
    const model = buildModel(config);
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    assert.equal(json.format, 'layers-model');
    assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
    const loaded = await loadLayersModel(modelLoadHandler(dir));
    assert.deepEqual(await scoresOf(loaded), await scoresOf(model));
  });
});

test('loadModel restores weights and config from a directory', async () => {
  await withTempDir(async (dir) => {
    const model = buildModel(config);
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    assert.deepEqual(getParameters(loaded), getParameters(model));
    assert.deepEqual(modelConfigOf(loaded), modelConfigOf(model));
  });
});

test('loadModel fetches model.json and weights.bin from an http base URL', async () => {
  const model = buildModel(config);
  const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
  const server = createServer((req, res) => {
    if (req.url === '/model/model.json') res.end(JSON.stringify(files.modelJson));
    else if (req.url === '/model/weights.bin') res.end(files.weights);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const loaded = await loadModel(`http://127.0.0.1:${port}/model`);
    assert.deepEqual(getParameters(loaded), getParameters(model));
    await assert.rejects(loadModel(`http://127.0.0.1:${port}/missing`), { code: 'QF_ERR_BAD_ARTIFACTS' });
  } finally {
    server.close();
  }
});

test('loadModel reads a model.json path whose weights sit beside it', async () => {
  await withTempDir(async (dir) => {
    const model = buildModel(config);
    const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
    await writeFile(join(dir, 'global.json'), JSON.stringify(files.modelJson));
    await writeFile(join(dir, 'weights.bin'), files.weights);
    const loaded = await loadModel(join(dir, 'global.json'));
    assert.deepEqual(getParameters(loaded), getParameters(model));
  });
});
