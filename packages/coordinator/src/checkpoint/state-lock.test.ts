import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockStateDir, type LockHolder } from './state-lock.js';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-lock-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const noStale = (): never => assert.fail('no stale lock here');

test('a held state dir refuses a second lock with QF_ERR_STATE_DIR_LOCKED naming the holder; released, it can be taken again', async () => {
  await withDir(async (dir) => {
    const lock = await lockStateDir(dir, noStale);
    await assert.rejects(lockStateDir(dir, noStale), {
      code: 'QF_ERR_STATE_DIR_LOCKED',
      message: new RegExp(`pid ${process.pid} on `),
    });
    await lock.release();
    await (await lockStateDir(dir, noStale)).release();
  });
});

test("a dead process's lock is taken over and reported", async () => {
  await withDir(async (dir) => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // exited: its pid names no process now
    await writeFile(join(dir, 'coordinator.lock'), JSON.stringify({ pid: dead, host: hostname(), since: 'then' }));
    const stale: LockHolder[] = [];
    const lock = await lockStateDir(dir, (holder) => stale.push(holder));
    assert.deepEqual(
      stale.map((h) => h.pid),
      [dead],
    );
    assert.equal(JSON.parse(await readFile(lock.path, 'utf8')).pid, process.pid);
    await lock.release();
  });
});

test("another host's lock is never taken over (its pid means nothing here)", async () => {
  await withDir(async (dir) => {
    await writeFile(
      join(dir, 'coordinator.lock'),
      JSON.stringify({ pid: 1, host: `not-${hostname()}`, since: 'then' }),
    );
    await assert.rejects(lockStateDir(dir, noStale), { code: 'QF_ERR_STATE_DIR_LOCKED' });
  });
});
