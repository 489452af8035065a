import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from './checkpoint/store.js';
import { silentLogger } from '@quakefed/core';
import { Coordinator } from './server.js';
import { constantParameters } from './testing/fixtures.js';

const notStarted = { code: 'QF_ERR_NOT_STARTED' };

test('a coordinator that was never started reports QF_ERR_NOT_STARTED for its state and its end', async () => {
  const coordinator = new Coordinator({ port: 0 }, { initialParameters: constantParameters(0), logger: silentLogger });
  assert.throws(() => coordinator.status(), notStarted);
  assert.throws(() => coordinator.parameters, notStarted);
  await assert.rejects(coordinator.finished, notStarted);
});

test('stop during start-up waits for it and leaves no server listening', async () => {
  const coordinator = new Coordinator(
    { host: '127.0.0.1', port: 0 },
    { initialParameters: constantParameters(0), logger: silentLogger },
  );
  const started = coordinator.start();
  await coordinator.stop();
  const { port } = await started;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), TypeError); // fetch's "connection refused"
});

test('a second coordinator on the same state dir fails with QF_ERR_STATE_DIR_LOCKED; after the first stops, one can start', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'qf-server-'));
  const make = () =>
    new Coordinator(
      { host: '127.0.0.1', port: 0, stateDir },
      { initialParameters: constantParameters(0), logger: silentLogger },
    );
  try {
    const first = make();
    await first.start();
    const second = make();
    await assert.rejects(second.start(), { code: 'QF_ERR_STATE_DIR_LOCKED' });
    await second.stop();
    await first.stop();
    const third = make();
    await third.start();
    await third.stop();
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
});

test('a corrupt newest checkpoint stops start-up (QF_ERR_CHECKPOINT_CORRUPT) without listening or touching the state dir', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'qf-server-'));
  const silent = silentLogger;
  try {
    const first = new Coordinator(
      { host: '127.0.0.1', port: 0, stateDir },
      { initialParameters: constantParameters(0), logger: silent },
    );
    await first.start();
    await first.stop();
    const store = new CheckpointStore(stateDir, { keep: 3, logger: silent });
    await writeFile(join(store.pathOf(0), 'weights.bin'), 'not weights');
    const second = new Coordinator(
      { host: '127.0.0.1', port: 0, stateDir },
      { initialParameters: constantParameters(1), logger: silent },
    );
    await assert.rejects(second.start(), { code: 'QF_ERR_CHECKPOINT_CORRUPT' });
    await second.stop();
    assert.deepEqual(await store.rounds(), [0]);
    assert.equal(await readFile(join(store.pathOf(0), 'weights.bin'), 'utf8'), 'not weights');
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
});
