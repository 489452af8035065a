/**
 * A coordinator's state directory as a model: `--model <state-dir>` (or its `checkpoints/` folder)
 * stands for the newest checkpoint in it, `checkpoints/round-NNNNNN/`, whose model.json and weights.bin
 * are an ordinary model directory.
 */
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Checkpoint folders, as the coordinator's checkpoint store names them. */
const ROUND_DIR = /^round-\d{6,}$/;
/** Written last into a checkpoint: without it the checkpoint is incomplete. */
const COMPLETE_MARKER = 'manifest.json';

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function newestRound(dir: string): Promise<string | null> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const rounds = names.filter((n) => ROUND_DIR.test(n)).sort();
  for (const name of rounds.reverse()) {
    if (await exists(join(dir, name, COMPLETE_MARKER))) return join(dir, name);
  }
  return null;
}

/**
 * The model directory a local `--model` path stands for: itself when it holds model.json (or is not a
 * directory), else the newest complete checkpoint of the state directory or checkpoints folder it is.
 */
export async function modelDirectoryOf(path: string): Promise<string> {
  if (await exists(join(path, 'model.json'))) return path;
  return (await newestRound(join(path, 'checkpoints'))) ?? (await newestRound(path)) ?? path;
}
