import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  modelArtifactsFromParameters,
  parameterSpecs,
  parametersFromModelArtifacts,
  readModelArtifacts,
  resolveModelConfig,
  writeModelDirectory,
} from '@quakefed/model';
import { createLogger, type LogRecord } from '@quakefed/core';
import { assertParametersClose, parameterFactory } from '../testing/fixtures.js';
import { CheckpointStore, type Checkpoint, type RecoverMode } from './store.js';

async function withStore(
  fn: (store: CheckpointStore, logs: LogRecord[]) => Promise<void>,
  keep = 3,
  recover: RecoverMode = 'refuse',
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-ckpt-'));
  const logs: LogRecord[] = [];
  try {
    await fn(
      new CheckpointStore(dir, {
        keep,
        recover,
        logger: createLogger({ level: 'debug', write: () => {}, onRecord: (r) => logs.push(r) }),
      }),
      logs,
    );
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

/** Flips a bit of the weights of the checkpoint of `round`, which then fails its checksum. */
async function corrupt(store: CheckpointStore, round: number): Promise<void> {
  const weights = join(store.pathOf(round), 'weights.bin');
  const bytes = await readFile(weights);
  bytes[10] = bytes[10]! ^ 0xff;
  await writeFile(weights, bytes);
}

test('a corrupted newest checkpoint stops loading with QF_ERR_CHECKPOINT_CORRUPT naming it and the way out; nothing on disk changes', async () => {
  await withStore(async (store, logs) => {
    await store.save(checkpoint(1));
    await store.save(checkpoint(2));
    await corrupt(store, 2);
    await assert.rejects(store.loadLatest(), {
      code: 'QF_ERR_CHECKPOINT_CORRUPT',
      message: new RegExp(`${store.pathOf(2)} is unusable .*newest valid one is round 1: recover 'previous'`),
    });
    assert.deepEqual(await store.rounds(), [2, 1]);
    assert.equal(logs.find((l) => l.msg === 'checkpoint_corrupt')?.round, 2);
  });
});

test("recover 'previous' resumes from the newest valid checkpoint and quarantines the corrupt one", async () => {
  await withStore(
    async (store, logs) => {
      const previous = checkpoint(1);
      await store.save(previous);
      await store.save(checkpoint(2));
      await corrupt(store, 2);
      const back = (await store.loadLatest())!;
      assert.equal(back.round, 1);
      assertParametersClose(back.parameters, previous.parameters, 0);
      assert.deepEqual(await store.rounds(), [1]);
      assert.equal((await readdir(store.quarantineDir)).length, 1);
      assert.equal(logs.find((l) => l.msg === 'checkpoint_quarantined')?.round, 2);
    },
    3,
    'previous',
  );
});

test("when no checkpoint verifies, start-up is refused unless recover is 'fresh'", async () => {
  for (const recover of ['refuse', 'previous', 'fresh'] as const) {
    await withStore(
      async (store) => {
        await store.save(checkpoint(1));
        await corrupt(store, 1);
        if (recover === 'fresh') {
          assert.equal(await store.loadLatest(), null);
          assert.deepEqual(await store.rounds(), []);
        } else {
          await assert.rejects(
            store.loadLatest(),
            { code: 'QF_ERR_CHECKPOINT_CORRUPT', message: /no checkpoint verifies: recover 'fresh'/ },
            recover,
          );
          assert.deepEqual(await store.rounds(), [1]);
        }
      },
      3,
      recover,
    );
  }
});

test('a checkpoint without a manifest (partial) is corrupt', async () => {
  await withStore(
    async (store) => {
      await store.save(checkpoint(1));
      await mkdir(store.pathOf(2));
      await writeFile(join(store.pathOf(2), 'weights.bin'), new Uint8Array(8));
      assert.equal((await store.loadLatest())!.round, 1);
    },
    3,
    'previous',
  );
});

test('NaN weights are refused on load even with a matching manifest', async () => {
  await withStore(async (store) => {
    const cp = checkpoint(1);
    cp.parameters[0]!.data[3] = Number.NaN;
    await store.save(cp);
    await assert.rejects(store.load(1), { code: 'QF_ERR_CHECKPOINT_CORRUPT', message: /holds NaN or infinite/ });
  });
});

test("a strategy's series load back exactly; one holding NaN (written by JSON as null) is refused on load", async () => {
  await withStore(async (store) => {
    const series = { norms: [0.1, 1 / 3, 2 ** -40] };
    await store.save({ ...checkpoint(1), strategyState: { ...checkpoint(1).strategyState, series } });
    assert.deepEqual((await store.load(1)).strategyState.series, series);
    await store.save(checkpoint(2)); // a strategy without series, as every checkpoint before them
    assert.equal((await store.load(2)).strategyState.series, undefined);
    await store.save({
      ...checkpoint(3),
      strategyState: { ...checkpoint(3).strategyState, series: { x: [Number.NaN] } },
    });
    await assert.rejects(store.load(3), { code: 'QF_ERR_CHECKPOINT_CORRUPT', message: /series/ });
  });
});

test('pruning keeps the newest valid checkpoints: corrupt newer rounds never displace a fresh one', async () => {
  await withStore(async (store) => {
    for (const r of [5, 6]) await store.save(checkpoint(r));
    for (const r of [5, 6]) await corrupt(store, r);
    await store.save(checkpoint(0));
    assert.deepEqual(await store.rounds(), [6, 5, 0]);
    await store.save(checkpoint(1));
    await store.save(checkpoint(2));
    // Two valid (2, 1) are kept; 0 is older than them; the corrupt ones are left for the next start.
    assert.deepEqual(await store.rounds(), [6, 5, 2, 1]);
  }, 2);
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

test('a checkpoint is a model directory the model package loads, with the bytes it writes itself', async () => {
  const config = resolveModelConfig({ windowLength: 200, filters: [4, 8] });
  const random = parameterFactory(22, parameterSpecs(config));
  const parameters = random();
  const { modelJson } = modelArtifactsFromParameters(config, parameters);
  const model = { modelTopology: modelJson.modelTopology, userDefinedMetadata: modelJson.userDefinedMetadata };
  await withStore(async (store) => {
    await store.save({ ...checkpoint(1), parameters, model });
    const loaded = parametersFromModelArtifacts(await readModelArtifacts(store.pathOf(1)));
    assert.deepEqual(loaded, { config, parameters });
    const own = join(store.dir, 'saved-by-the-model-package');
    await writeModelDirectory(own, config, parameters);
    assert.deepEqual(await readFile(join(store.pathOf(1), 'weights.bin')), await readFile(join(own, 'weights.bin')));
  });
});
