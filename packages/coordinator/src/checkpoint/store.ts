/**
 * Atomic checkpoints of committed rounds in `<stateDir>/checkpoints/round-NNNNNN/`:
 *
 *   model.json     tfjs layers-model JSON (topology when known) whose weightsManifest describes weights.bin
 *   weights.bin    global model, float32 little-endian
 *   strategy.json  strategy name, scalar state, lists of scalars (`series`) and the manifest of strategy.bin
 *   strategy.bin   strategy tensors (e.g. FedAdam moments)
 *   state.json     round number, model version, metrics history
 *   manifest.json  size and SHA-256 of every file above — written last
 *
 * A checkpoint is written into a temporary directory (each file fsynced, then the directory), renamed into
 * place (atomic on POSIX) and the parent fsynced. Loading verifies every checksum and that every tensor
 * is finite. A corrupt newest checkpoint stops start-up (QF_ERR_CHECKPOINT_CORRUPT) unless the operator
 * says how to recover (`RecoverMode`): silently restarting training from an older round, or from round 0,
 * would throw away committed rounds without anyone deciding it. Unusable checkpoints a recovery passes
 * over are moved to `<stateDir>/checkpoints-corrupt/` (kept for inspection, out of the way of pruning).
 * Pruning keeps the newest `keep` checkpoints that verify, so a corrupt one never displaces a valid one.
 */
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parameters } from '@quakefed/proto';
import { CheckpointError } from '../errors.js';
import type { Logger } from '@quakefed/core';
import type { RoundMetrics, StrategyState } from '../strategy/types.js';
import { fsyncDirectory, sha256Hex, writeFileDurable } from './durable-fs.js';
import {
  layersModelJson,
  ModelError,
  parametersFromBytes,
  parametersFromModelJson,
  tensorBytes,
  WEIGHTS_FILE,
  weightSpecs,
  type ModelDescription,
  type WeightSpec,
} from '@quakefed/model/layers-format';
import { MODEL_JSON_GENERATOR } from '../constants.js';

/** Version of the on-disk layout (in manifest.json). */
const CHECKPOINT_FORMAT = 1;
const MANIFEST_FILE = 'manifest.json';
const ROUND_DIR = /^round-(\d{6,})$/;
const TEMP_PREFIX = '.tmp-';
const QUARANTINE_DIR = 'checkpoints-corrupt';

/**
 * What to do when the newest checkpoint does not verify:
 * - `refuse`: stop with QF_ERR_CHECKPOINT_CORRUPT naming it (the default; nothing is changed on disk);
 * - `previous`: resume from the newest checkpoint that verifies; refuse if none does;
 * - `fresh`: the same, or start from the initial model at round 0 if none verifies.
 */
export type RecoverMode = 'refuse' | 'previous' | 'fresh';

/** Recover modes, for option checks. */
export const RECOVER_MODES: readonly RecoverMode[] = ['refuse', 'previous', 'fresh'];

/** What one committed round recorded. */
export interface RoundRecord {
  round: number;
  /** Fit attempts the round took (1 = committed at the first sample). */
  attempts: number;
  fit: RoundMetrics;
  /** Federated evaluation after this round, if one ran. */
  evaluate: RoundMetrics | null;
  /** ISO time of the commit. */
  committedAt: string;
}

/** Everything needed to resume after the last committed round. */
export interface Checkpoint {
  /** Last committed round (0: only the initial model). */
  round: number;
  parameters: Parameters;
  strategyState: StrategyState;
  history: RoundRecord[];
  /** Topology/metadata written into model.json (`null`: weights only). */
  model: ModelDescription | null;
}

/** Options of {@link CheckpointStore}. */
export interface CheckpointStoreOptions {
  /** Valid checkpoints kept; older ones are deleted after each save. */
  keep: number;
  logger: Logger;
  /** What {@link CheckpointStore.loadLatest} does when the newest checkpoint does not verify (default `refuse`). */
  recover?: RecoverMode;
}

function roundDirName(round: number): string {
  return `round-${String(round).padStart(6, '0')}`;
}

/** Saves and loads the atomic, checksummed checkpoints of one state dir (layout in the file comment). */
export class CheckpointStore {
  readonly dir: string;
  /** Where unusable checkpoints passed over by a recovery are moved. */
  readonly quarantineDir: string;

  constructor(
    stateDir: string,
    private readonly options: CheckpointStoreOptions,
  ) {
    this.dir = join(stateDir, 'checkpoints');
    this.quarantineDir = join(stateDir, QUARANTINE_DIR);
  }

  /** Rounds with a checkpoint directory, newest first (valid or not). */
  async rounds(): Promise<number[]> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    return names
      .map((n) => ROUND_DIR.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => b - a);
  }

  /** Path of the checkpoint directory of `round`. */
  pathOf(round: number): string {
    return join(this.dir, roundDirName(round));
  }

  /** Writes `checkpoint` atomically, then deletes checkpoints beyond the newest `keep`. */
  async save(checkpoint: Checkpoint): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const finalDir = this.pathOf(checkpoint.round);
    const tempDir = join(this.dir, `${TEMP_PREFIX}${roundDirName(checkpoint.round)}-${process.pid}-${Date.now()}`);
    await mkdir(tempDir);
    try {
      const files = serialise(checkpoint);
      const manifest: Record<string, { bytes: number; sha256: string }> = {};
      for (const [name, data] of Object.entries(files)) {
        await writeFileDurable(join(tempDir, name), data);
        manifest[name] = { bytes: Buffer.byteLength(data), sha256: sha256Hex(data) };
      }
      const manifestJson = JSON.stringify({ format: CHECKPOINT_FORMAT, round: checkpoint.round, files: manifest });
      await writeFileDurable(join(tempDir, MANIFEST_FILE), manifestJson);
      await fsyncDirectory(tempDir);
      // Re-saving a round (e.g. at shutdown) replaces it; older rounds stay valid meanwhile.
      await rm(finalDir, { recursive: true, force: true });
      await rename(tempDir, finalDir);
      await fsyncDirectory(this.dir);
    } catch (err) {
      await rm(tempDir, { recursive: true, force: true });
      throw err;
    }
    await this.prune();
    return finalDir;
  }

  /**
   * The checkpoint to resume from: the newest, which must verify unless `recover` says otherwise (see
   * {@link RecoverMode}); `null` when there is none (or, with `fresh`, none verifies). Every checkpoint
   * that fails is logged (`checkpoint_corrupt`); those a recovery passes over are quarantined.
   * @throws CheckpointError QF_ERR_CHECKPOINT_CORRUPT naming the newest checkpoint and the way out
   */
  async loadLatest(): Promise<Checkpoint | null> {
    const recover = this.options.recover ?? 'refuse';
    const failed: Array<{ round: number; error: unknown }> = [];
    let found: Checkpoint | null = null;
    for (const round of await this.rounds()) {
      try {
        found = await this.load(round);
        break;
      } catch (error) {
        if (!(error instanceof CheckpointError)) throw error;
        this.options.logger.warn('checkpoint_corrupt', { round, path: this.pathOf(round), error });
        failed.push({ round, error });
      }
    }
    if (failed.length === 0) return found;
    const newest = failed[0]!;
    const refuse = recover === 'refuse' || (recover === 'previous' && found === null);
    if (refuse) {
      const fallback = found
        ? `the newest valid one is round ${found.round}: recover 'previous' (--recover previous) resumes from it`
        : `no checkpoint verifies: recover 'fresh' (--recover fresh) starts again from the initial model`;
      throw new CheckpointError(
        `newest checkpoint ${this.pathOf(newest.round)} is unusable (${(newest.error as Error).message}); ${fallback}`,
        {
          cause: newest.error,
        },
      );
    }
    for (const { round } of failed) await this.quarantine(round);
    return found;
  }

  /** Moves the checkpoint of `round` out of the checkpoint directory into {@link quarantineDir}. */
  private async quarantine(round: number): Promise<void> {
    await mkdir(this.quarantineDir, { recursive: true });
    const to = join(this.quarantineDir, `${roundDirName(round)}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await rename(this.pathOf(round), to);
    await fsyncDirectory(this.dir);
    this.options.logger.warn('checkpoint_quarantined', { round, path: to });
  }

  /**
   * Loads and verifies the checkpoint of `round`.
   * @throws CheckpointError if a file is missing, has the wrong size or checksum, or does not parse
   */
  async load(round: number): Promise<Checkpoint> {
    const dir = this.pathOf(round);
    const manifest = parseJson(await readChecked(join(dir, MANIFEST_FILE)), MANIFEST_FILE) as {
      format?: number;
      files?: Record<string, { bytes: number; sha256: string }>;
    };
    if (manifest.format !== CHECKPOINT_FORMAT || typeof manifest.files !== 'object' || manifest.files === null) {
      throw new CheckpointError(`${dir}: unsupported manifest`);
    }
    const files: Record<string, Buffer> = {};
    for (const [name, expected] of Object.entries(manifest.files)) {
      const data = await readChecked(join(dir, name));
      if (data.byteLength !== expected.bytes || sha256Hex(data) !== expected.sha256) {
        throw new CheckpointError(`${dir}/${name}: size or SHA-256 differs from the manifest`);
      }
      files[name] = data;
    }
    return deserialise(files, dir);
  }

  /** True when the checkpoint of `round` loads and verifies. */
  private async verifies(round: number): Promise<boolean> {
    try {
      await this.load(round);
      return true;
    } catch (err) {
      if (err instanceof CheckpointError) return false;
      throw err;
    }
  }

  /**
   * Deletes every checkpoint older than the newest `keep` that verify, and leftover temporary
   * directories. A checkpoint that fails among the newest is left (logged at the next start) and does not
   * count, so the valid ones before it are kept.
   */
  async prune(): Promise<void> {
    let valid = 0;
    for (const round of await this.rounds()) {
      if (valid >= this.options.keep) await rm(this.pathOf(round), { recursive: true, force: true });
      else if (await this.verifies(round)) valid++;
    }
    for (const name of await readdir(this.dir)) {
      if (name.startsWith(TEMP_PREFIX) && !name.includes(`-${process.pid}-`)) {
        await rm(join(this.dir, name), { recursive: true, force: true });
      }
    }
  }
}

async function readChecked(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new CheckpointError(`cannot read ${path}`, { cause: err });
  }
}

function parseJson(data: Buffer, name: string): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new CheckpointError(`${name} is not valid JSON`, { cause: err });
  }
}

/** The files of a checkpoint, by name. */
function serialise(cp: Checkpoint): Record<string, Uint8Array | string> {
  const tensorNames = Object.keys(cp.strategyState.tensors).sort();
  const strategyTensors = tensorNames.flatMap((k) => cp.strategyState.tensors[k]!);
  return {
    'model.json': JSON.stringify(
      layersModelJson(cp.parameters, cp.model ?? { modelTopology: null }, MODEL_JSON_GENERATOR),
    ),
    [WEIGHTS_FILE]: tensorBytes(cp.parameters),
    'strategy.json': JSON.stringify({
      name: cp.strategyState.name,
      values: cp.strategyState.values,
      ...(cp.strategyState.series ? { series: cp.strategyState.series } : {}),
      tensors: Object.fromEntries(tensorNames.map((k) => [k, weightSpecs(cp.strategyState.tensors[k]!)])),
    }),
    'strategy.bin': tensorBytes(strategyTensors),
    'state.json': JSON.stringify({ round: cp.round, history: cp.history }),
  };
}

/** Runs a layers-format read; files it finds malformed make the checkpoint corrupt (a CheckpointError). */
function corruptUnlessLayersFormat<T>(dir: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    throw new CheckpointError(`${dir}: ${err.message}`, { cause: err });
  }
}

/** The strategy's `series`, each a list of finite numbers (JSON writes NaN as null). @throws CheckpointError */
function checkedSeries(series: unknown, dir: string): Record<string, number[]> {
  const valid =
    typeof series === 'object' &&
    series !== null &&
    Object.values(series).every((list) => Array.isArray(list) && list.every((x) => Number.isFinite(x)));
  if (!valid) throw new CheckpointError(`${dir}: strategy.json series are not lists of finite numbers`);
  return series as Record<string, number[]>;
}

function deserialise(files: Record<string, Buffer>, dir: string): Checkpoint {
  const need = (name: string): Buffer => {
    const f = files[name];
    if (!f) throw new CheckpointError(`${dir}: ${name} missing from the manifest`);
    return f;
  };
  const modelJson = parseJson(need('model.json'), 'model.json') as ModelDescription;
  const parameters = corruptUnlessLayersFormat(dir, () => parametersFromModelJson(modelJson, need(WEIGHTS_FILE)));
  const strategy = parseJson(need('strategy.json'), 'strategy.json') as {
    name: string;
    values: Record<string, number>;
    series?: Record<string, unknown>;
    tensors: Record<string, WeightSpec[]>;
  };
  const names = Object.keys(strategy.tensors).sort();
  const all = corruptUnlessLayersFormat(dir, () =>
    parametersFromBytes(
      names.flatMap((k) => strategy.tensors[k]!),
      need('strategy.bin'),
    ),
  );
  const tensors: Record<string, Parameters> = {};
  let offset = 0;
  for (const k of names) {
    const n = strategy.tensors[k]!.length;
    tensors[k] = all.slice(offset, offset + n);
    offset += n;
  }
  const state = parseJson(need('state.json'), 'state.json') as { round: number; history: RoundRecord[] };
  if (!Number.isInteger(state.round) || !Array.isArray(state.history)) {
    throw new CheckpointError(`${dir}: state.json lacks round/history`);
  }
  return {
    round: state.round,
    parameters,
    strategyState: {
      name: strategy.name,
      values: strategy.values,
      tensors,
      ...(strategy.series === undefined ? {} : { series: checkedSeries(strategy.series, dir) }),
    },
    history: state.history,
    model: { modelTopology: modelJson.modelTopology ?? null, userDefinedMetadata: modelJson.userDefinedMetadata },
  };
}
