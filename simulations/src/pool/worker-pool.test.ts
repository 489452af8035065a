import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from './worker-pool.js';
import type { EchoRequest } from './fixtures/echo-jobs.js';
import { SimulationError } from '../errors.js';

const jobModule = new URL('./fixtures/echo-jobs.ts', import.meta.url);

function pool(size = 2, init: unknown = null): WorkerPool<EchoRequest, unknown> {
  return new WorkerPool<EchoRequest, unknown>({ jobModule, size, init });
}

const hasCode = (code: string) => (err: unknown) => err instanceof SimulationError && err.code === code;

test('a job runs in a TypeScript worker and its typed-array result comes back', async () => {
  const p = pool(1);
  try {
    const out = await p.run({ kind: 'double', values: new Float32Array([1, 2.5]) });
    assert.deepEqual(out, new Float32Array([2, 5]));
  } finally {
    await p.close();
  }
});

test('concurrent jobs spread over all workers, each started with the init data', async () => {
  const p = pool(2, { backend: 'x' });
  try {
    const answers = (await Promise.all([1, 2, 3, 4].map(() => p.run({ kind: 'whoami' })))) as {
      threadId: number;
      init: unknown;
    }[];
    assert.equal(new Set(answers.map((a) => a.threadId)).size, 2);
    for (const a of answers) assert.deepEqual(a.init, { backend: 'x' });
  } finally {
    await p.close();
  }
});

test('a job that throws rejects with QF_ERR_WORKER_FAILED and the pool keeps serving', async () => {
  const p = pool(1);
  try {
    await assert.rejects(
      p.run({ kind: 'fail', message: 'bad data' }),
      (err: unknown) => hasCode('QF_ERR_WORKER_FAILED')(err) && /bad data/.test((err as Error).message),
    );
    assert.deepEqual(await p.run({ kind: 'double', values: new Float32Array([3]) }), new Float32Array([6]));
  } finally {
    await p.close();
  }
});

test('a worker that dies fails only its job and is replaced', async () => {
  const p = pool(1);
  try {
    const crashed = p.run({ kind: 'crash' });
    const next = p.run({ kind: 'double', values: new Float32Array([4]) });
    await assert.rejects(crashed, hasCode('QF_ERR_WORKER_FAILED'));
    assert.deepEqual(await next, new Float32Array([8]));
  } finally {
    await p.close();
  }
});

test('closing rejects queued jobs and later runs with QF_ERR_POOL_CLOSED', async () => {
  const p = pool(1);
  const jobs = [p.run({ kind: 'whoami' }), p.run({ kind: 'whoami' })].map((j) =>
    assert.rejects(j, hasCode('QF_ERR_POOL_CLOSED')),
  );
  await p.close();
  await Promise.all(jobs);
  await assert.rejects(p.run({ kind: 'whoami' }), hasCode('QF_ERR_POOL_CLOSED'));
});
