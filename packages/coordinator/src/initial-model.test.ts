/**
 * `initialModel`: round 0 starts from a saved model directory, which must fit the model config; its
 * operating points are served only while the global model has the weights they were measured with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parameterSpecs,
  resolveModelConfig,
  weightsSha256,
  writeModelDirectory,
  writeOperatingPoints,
  type ModelConfig,
  type OperatingPoints,
} from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { silentLogger } from '@quakefed/core';
import { Coordinator } from './server.js';

const config: Partial<ModelConfig> = { windowLength: 200, filters: [4, 8] };

/** Parameters of a `config` model with distinct, non-random values. */
function savedParameters(c: Partial<ModelConfig>): Parameters {
  return parameterSpecs(resolveModelConfig(c)).map((s, k) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    return {
      name: s.name,
      shape: [...s.shape],
      data: Float32Array.from({ length: n }, (_, i) => (k + 1) * 0.01 + i * 1e-4),
    };
  });
}

function operatingPoints(sha: string): OperatingPoints {
  return {
    format: 'quakefed-operating-points',
    version: 1,
    weightsSha256: sha,
    defaultFalseAlarmsPerStationDay: 1,
    points: [{ falseAlarmsPerStationDay: 1, threshold: 0.3, measuredFalseAlarmsPerStationDay: 0.5 }],
    measurement: {
      data: 'validation',
      stations: 2,
      stationDays: 1,
      seed: 5,
      date: '2025-01-01T00:00:00.000Z',
      hopSeconds: 2,
      description: 'test',
    },
  };
}

/** A coordinator on a free port started from `initialModel` with no rounds to run; stopped after `fn`. */
async function withCoordinator(
  initialModel: string,
  fn: (c: Coordinator, base: string) => Promise<void>,
  model = config,
): Promise<void> {
  const coordinator = new Coordinator(
    { host: '127.0.0.1', port: 0, rounds: 0, model, initialModel },
    { logger: silentLogger },
  );
  try {
    const { port } = await coordinator.start();
    await fn(coordinator, `http://127.0.0.1:${port}`);
  } finally {
    await coordinator.stop();
  }
}

async function withModelDir(fn: (dir: string, parameters: Parameters) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-initial-'));
  try {
    const parameters = savedParameters(config);
    await writeModelDirectory(dir, resolveModelConfig(config), parameters);
    await fn(dir, parameters);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('round 0 starts from the saved weights, and /model serves them with their operating points', async () => {
  await withModelDir(async (dir, parameters) => {
    const points = operatingPoints(weightsSha256(parameters));
    await writeOperatingPoints(dir, points);
    await withCoordinator(dir, async (coordinator, base) => {
      assert.deepEqual(coordinator.parameters, parameters);
      const modelJson = (await (await fetch(`${base}/model/model.json`)).json()) as {
        userDefinedMetadata: { quakefedModelConfig: ModelConfig };
      };
      assert.deepEqual(modelJson.userDefinedMetadata.quakefedModelConfig, resolveModelConfig(config));
      const served = await fetch(`${base}/model/operating-points.json`);
      assert.equal(served.status, 200);
      assert.deepEqual(await served.json(), points);
    });
  });
});

test('operating points measured with other weights are not served', async () => {
  await withModelDir(async (dir) => {
    await writeOperatingPoints(dir, operatingPoints('0'.repeat(64)));
    await withCoordinator(dir, async (_, base) => {
      assert.equal((await fetch(`${base}/model/operating-points.json`)).status, 404);
    });
  });
});

test('a saved model whose shapes differ from the model config fails start-up with QF_ERR_INITIAL_MODEL', async () => {
  await withModelDir(async (dir) => {
    await assert.rejects(
      withCoordinator(dir, async () => assert.fail('started'), { ...config, filters: [4, 16] }),
      { code: 'QF_ERR_INITIAL_MODEL', message: /do not fit the model config: .*expected shape/ },
    );
  });
});

test('a directory without a saved model fails start-up with QF_ERR_INITIAL_MODEL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qf-initial-empty-'));
  try {
    await assert.rejects(
      withCoordinator(dir, async () => assert.fail('started')),
      { code: 'QF_ERR_INITIAL_MODEL', message: /model\.json: no such file/ },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
