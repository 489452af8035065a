/**
 * Crash safety of `quakefed coordinator` run as a real process: SIGKILL after round k resumes at round
 * k+1 with the same weights; a corrupted newest checkpoint stops start-up unless --recover names what
 * to do; SIGTERM exits cleanly with a valid checkpoint.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from '@quakefed/coordinator';
import { silentLogger } from '@quakefed/core';
import { tensorBytes } from '@quakefed/model/layers-format';
import type { FitIns } from '@quakefed/proto';
import { spawnCoordinator as spawnProcess, type CoordinatorProcess } from './support/coordinator-process.js';
import { TestClient, fitReply, shifted, type FitHandler } from './support/test-client.js';

/** Coordinators started by the current test; killed after it so a failed assertion cannot leave one running. */
const running: CoordinatorProcess[] = [];

async function spawnCoordinator(args: string[]): Promise<CoordinatorProcess> {
  const coordinator = await spawnProcess(args);
  running.push(coordinator);
  return coordinator;
}

afterEach(() => {
  for (const { child } of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const ROUND_ARGS = [
  '--min-available',
  '2',
  '--min-fit',
  '2',
  '--min-fit-results',
  '2',
  '--evaluate-every',
  '0',
  '--retry-delay',
  '0',
];

/** Trains (shifts by `delta`) for rounds up to `lastRound`, then holds every later FitIns unanswered. */
function trainUntil(lastRound: number, delta: number): FitHandler {
  return (ins) => (ins.round <= lastRound ? fitReply(ins, shifted(ins.parameters, delta), 10) : null);
}

async function connectPair(url: string, lastRound: number): Promise<TestClient[]> {
  return Promise.all([
    TestClient.connect({ url, clientId: 'a', onFit: trainUntil(lastRound, 1) }),
    TestClient.connect({ url, clientId: 'b', onFit: trainUntil(lastRound, 3) }),
  ]);
}

/** The FitIns of `round` the client got, already or next. */
function fitInsOf(client: TestClient, round: number): Promise<FitIns> {
  const seen = client.received.find((m): m is FitIns => m.kind === 'fitIns' && m.round === round);
  return seen ? Promise.resolve(seen) : client.next('fitIns', (m) => m.round === round);
}

async function withStateDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-resume-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('SIGKILL after round 2 resumes at round 3 with the same weights; SIGTERM leaves a valid checkpoint', async () => {
  await withStateDir(async (stateDir) => {
    const args = ['--state-dir', stateDir, '--rounds', '10', ...ROUND_ARGS];
    const first = await spawnCoordinator(args);
    const before = await connectPair(first.url, 2);
    const heldRound3 = await fitInsOf(before[0]!, 3); // round 2 committed and checkpointed
    await first.waitForLog('checkpoint_saved', (r) => r.round === 2);
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');
    before.forEach((c) => c.terminate());

    const second = await spawnCoordinator(args);
    assert.equal((await second.waitForLog('resumed')).round, 2);
    const after = await connectPair(second.url, 10);
    const resumed = await fitInsOf(after[0]!, 3);
    assert.equal(resumed.modelVersion, 2);
    assert.deepEqual(tensorBytes(resumed.parameters), tensorBytes(heldRound3.parameters));
    await second.waitForLog('checkpoint_saved', (r) => r.round === 3);

    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
    after.forEach((c) => c.terminate());
    const store = new CheckpointStore(stateDir, { keep: 3, logger: silentLogger });
    assert.ok(((await store.loadLatest())?.round ?? 0) >= 3);
  });
});

test('a corrupted newest checkpoint stops start-up (non-zero exit, state dir untouched); with --recover previous the previous one is used', async () => {
  await withStateDir(async (stateDir) => {
    const args = ['--state-dir', stateDir, '--rounds', '2', ...ROUND_ARGS];
    const first = await spawnCoordinator([...args, '--exit-when-done']);
    const clients = await connectPair(first.url, 2);
    const modelAfterRound1 = (await fitInsOf(clients[0]!, 2)).parameters;
    assert.equal(await first.exited, 0);
    clients.forEach((c) => c.terminate());

    const store = new CheckpointStore(stateDir, { keep: 3, logger: silentLogger });
    const weights = join(store.pathOf(2), 'weights.bin');
    const bytes = await readFile(weights);
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(weights, bytes);

    await assert.rejects(spawnCoordinator(args), { message: /coordinator exited \([1-9]\d*\)/ });
    assert.deepEqual(await store.rounds(), [2, 1, 0]); // refused without touching the state dir
    const second = await spawnCoordinator([...args, '--recover', 'previous']);
    assert.equal((await second.waitForLog('checkpoint_corrupt')).round, 2);
    assert.equal((await second.waitForLog('resumed')).round, 1);
    const served = await fetch(`${second.http}/model/weights.bin`);
    assert.equal(served.headers.get('x-quakefed-model-version'), '1');
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), tensorBytes(modelAfterRound1));
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  });
});
