import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parameterSpecs, resolveModelConfig, writeModelDirectory, type ModelConfig } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { DEFAULT_SCENARIO } from '../defaults.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { resolveScenario } from '../scenario.js';
import { initialParameters } from './initial-model.js';

/** A pool that must not be asked for a fresh model. */
const noPool = { initialParameters: () => Promise.reject(new Error('asked the pool')) } as unknown as TrainingPool;

function parametersOf(config: ModelConfig): Parameters {
  return parameterSpecs(config).map((s) => ({
    name: s.name,
    shape: [...s.shape],
    data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(0.25),
  }));
}

async function withModel(
  config: Partial<ModelConfig>,
  fn: (dir: string, parameters: Parameters) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-sim-initial-'));
  try {
    const resolved = resolveModelConfig(config);
    const parameters = parametersOf(resolved);
    await writeModelDirectory(dir, resolved, parameters);
    await fn(dir, parameters);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a scenario with initialModel starts every run from that directory', async () => {
  await withModel({}, async (dir, parameters) => {
    assert.deepEqual(await initialParameters({ ...DEFAULT_SCENARIO, initialModel: dir }, noPool), parameters);
  });
});

test('a saved model of another shape than the reference model is a scenario error', async () => {
  await withModel({ filters: [4, 8] }, async (dir) => {
    await assert.rejects(initialParameters({ ...DEFAULT_SCENARIO, initialModel: dir }, noPool), {
      code: 'QF_ERR_SCENARIO_INVALID',
      message: /^initialModel .*expected/,
    });
  });
});

test('an initialModel that is not a path is rejected when the scenario is resolved', () => {
  assert.throws(() => resolveScenario({ initialModel: '' }), {
    code: 'QF_ERR_SCENARIO_INVALID',
    message: /initialModel must be a model directory or null/,
  });
});
