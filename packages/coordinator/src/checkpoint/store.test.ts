import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type LogRecord } from '../logger.js';
import { assertParametersClose, parameterFactory } from '../testing/fixtures.js';
import { CheckpointStore, type Checkpoint } from './store.js';

async function withStore(
  fn: (store: CheckpointStore, logs: LogRecord[]) => Promise<void>,
  keep = 3,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-ckpt-'));
  const logs: LogRecord[] = [];
  try {
    await fn(new CheckpointStore(dir, { keep, logger: createLogger('debug', () => {}, (r) => logs.push(r)) }), logs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const make = parameterFactory(21);

function checkpoint(round: number): Checkpoint {
  return {
    round,
    parameters: make(),
    strategyState: { name: 'fedadam', values: { step: round }, tensors: { m: make(), v: make() } },
    history: Array.from({ length: round }, (_, i) => ({
      round: i + 1,
      attempts: 1,
      fit: { loss: 1 / (i + 1) },
      evaluate: null,
      committedAt: new Date(0).toISOString(),
    })),
    model: { modelTopology: { class_name: 'Sequential' }, userDefinedMetadata: { note: 1 } },
  };
}

test('a saved checkpoint loads back identically', async () => {
  await withStore(async (store) => {
    const cp = checkpoint(4);
    await store.save(cp);
    const back = (await store.loadLatest())!;
    assert.equal(back.round, 4);
    assertParametersClose(back.parameters, cp.parameters, 0);
    assertParametersClose(back.strategyState.tensors.v!, cp.strategyState.tensors.v!, 0);
    assert.deepEqual(back.strategyState.values, { step: 4 });
    assert.deepEqual(back.history, cp.history);
    assert.deepEqual(back.model, cp.model);
  });
});

test('the latest of several checkpoints is loaded', async () => {
  await withStore(async (store) => {
    for (const r of [1, 2, 3]) await store.save(checkpoint(r));
    assert.equal((await store.loadLatest())!.round, 3);
  });
});

test('an empty state dir has no checkpoint', async () => {
  await withStore(async (store) => assert.equal(await store.loadLatest(), null));
});

test('a corrupted latest checkpoint falls back to the previous one with a log line', async () => {
  await withStore(async (store, logs) => {
    const previous = checkpoint(1);
    await store.save(previous);
    await store.save(checkpoint(2));
    const weights = join(store.pathOf(2), 'weights.bin');
    const bytes = await readFile(weights);
    bytes[10] = bytes[10]! ^ 0xff;
    await writeFile(weights, bytes);
    const back = (await store.loadLatest())!;
    assert.equal(back.round, 1);
    assertParametersClose(back.parameters, previous.parameters, 0);
    const line = logs.find((l) => l.event === 'checkpoint_corrupt');
    assert.equal(line?.round, 2);
  });
});

test('a checkpoint without a manifest (partial) is skipped', async () => {
  await withStore(async (store) => {
    await store.save(checkpoint(1));
    await mkdir(store.pathOf(2));
    await writeFile(join(store.pathOf(2), 'weights.bin'), new Uint8Array(8));
    assert.equal((await store.loadLatest())!.round, 1);
  });
});

test('only the newest K checkpoints are kept', async () => {
  await withStore(async (store) => {
    for (const r of [1, 2, 3, 4, 5]) await store.save(checkpoint(r));
    assert.deepEqual(await store.rounds(), [5, 4]);
  }, 2);
});

test('leftover temporary directories are removed', async () => {
  await withStore(async (store) => {
    await mkdir(join(store.dir, '.tmp-round-000009-1-1'), { recursive: true });
    await store.save(checkpoint(1));
    assert.deepEqual((await readdir(store.dir)).sort(), ['round-000001']);
  });
});

test('model.json is a tfjs layers model whose manifest describes weights.bin', async () => {
  await withStore(async (store) => {
    const cp = checkpoint(1);
    await store.save(cp);
    const modelJson = JSON.parse(await readFile(join(store.pathOf(1), 'model.json'), 'utf8'));
    assert.equal(modelJson.format, 'layers-model');
    assert.deepEqual(modelJson.weightsManifest[0].paths, ['weights.bin']);
    assert.deepEqual(modelJson.weightsManifest[0].weights[0], {
      name: cp.parameters[0]!.name,
      shape: cp.parameters[0]!.shape,
      dtype: 'float32',
    });
    const weights = await readFile(join(store.pathOf(1), 'weights.bin'));
    assert.equal(weights.readFloatLE(0), cp.parameters[0]!.data[0]);
  });
});
