/**
 * The output directory of `detect`, created before any work so that a bad `--out` fails at once, with
 * its name, instead of after a long run.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';

/**
 * Creates `dir` and its missing parents. Not `mkdir`'s recursive mode: on Node 20 it never settles for
 * a directory the kernel refuses with ENOENT under a parent that exists (`/proc/nope`), retrying the
 * parent and the child in turn for ever; here a child is retried once after its parent exists.
 */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw err;
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err;
    await makeDirectory(dirname(dir));
    await mkdir(dir);
  }
}

/** Creates the output directory. @throws ClientError `QF_ERR_CLIENT_OPTIONS` naming it and why not */
export async function prepareOutputDir(dir: string): Promise<void> {
  try {
    await makeDirectory(resolve(dir));
  } catch (err) {
    throw new ClientError(
      CLIENT_ERROR_CODES.badOptions,
      `cannot create the output directory ${dir}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
