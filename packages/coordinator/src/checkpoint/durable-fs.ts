/**
 * Crash-safe file primitives: a file is durable once written and fsynced; a rename becomes durable once
 * its directory is fsynced. The checkpoint store builds atomic checkpoints from these.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Writes `data` to `path` (created or truncated) and fsyncs it before returning. */
export async function writeFileDurable(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Fsyncs a directory so that entries created, renamed or removed in it survive a crash. */
export async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Hex SHA-256 of `data`. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
