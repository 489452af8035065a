/** The `quakefed` binary as the tests run it: its path, and a synchronous run that cannot hang. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Path of `bin/quakefed.mjs`. */
export const QUAKEFED_BIN = fileURLToPath(new URL('../../bin/quakefed.mjs', import.meta.url));

/**
 * Longest a synchronous `quakefed` run may take. Generous (the slowest, `detect` on the fixtures, takes
 * seconds on a loaded 2-core machine): it is there so that a hung command fails its test instead of
 * hanging CI, not to measure speed.
 */
export const RUN_TIMEOUT_MS = 120_000;

/**
 * Runs `quakefed ...args` to completion and returns its exit status and output. A run that outlives
 * {@link RUN_TIMEOUT_MS} is killed (SIGKILL: a command that traps SIGTERM for a graceful stop could hang
 * there too) and throws, so a hang can never pass as a non-zero exit.
 */
export function runQuakefed(args: string[]): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [QUAKEFED_BIN, ...args], {
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (r.error) {
    const hung = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    throw hung ? new Error(`quakefed ${args.join(' ')} did not finish within ${RUN_TIMEOUT_MS / 1000} s`) : r.error;
  }
  return r;
}
