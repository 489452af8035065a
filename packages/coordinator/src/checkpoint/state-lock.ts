/**
 * One coordinator per state dir. Two coordinators sharing one would each prune and overwrite the
 * other's checkpoints, so the state dir holds `coordinator.lock` (created exclusively, naming the holder)
 * while a coordinator runs. A lock left by a process that died (same host, pid gone) is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { COORDINATOR_ERROR_CODES, CoordinatorError } from '../errors.js';

const LOCK_FILE = 'coordinator.lock';

/** Who holds a state dir. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** A held state-dir lock; `release()` removes it (idempotent). */
export interface StateDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** True when a process with `pid` exists on this host (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return Number.isInteger(holder.pid) && typeof holder.host === 'string' ? (holder as LockHolder) : null;
  } catch {
    return null; // unreadable: being written by its holder right now, or damaged; not taken over either way
  }
}

/**
 * Takes the lock of `stateDir` (created if missing).
 * @param onStale told of a dead holder's lock being taken over
 * @throws CoordinatorError QF_ERR_STATE_DIR_LOCKED when another live coordinator holds it
 */
export async function lockStateDir(stateDir: string, onStale: (holder: LockHolder) => void): Promise<StateDirLock> {
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readHolder(path);
      const stale = holder !== null && holder.host === me.host && holder.pid !== me.pid && !alive(holder.pid);
      if (!stale || attempt > 0) {
        const who = holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : 'another coordinator';
        throw new CoordinatorError(
          COORDINATOR_ERROR_CODES.stateDirLocked,
          `${stateDir} is in use by ${who} (${path}); one coordinator per state dir`,
        );
      }
      onStale(holder);
      await rm(path, { force: true });
    }
  }
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      const holder = await readHolder(path);
      if (holder?.pid === me.pid && holder.host === me.host) await rm(path, { force: true });
    },
  };
}
