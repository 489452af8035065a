/**
 * Atomic checkpoints of committed rounds in `<stateDir>/checkpoints/round-NNNNNN/`:
 *
 *   model.json     tfjs layers-model JSON (topology when known) whose weightsManifest describes weights.bin
 *   weights.bin    global model, float32 little-endian
 *   strategy.json  strategy name, scalar state and the manifest of strategy.bin
 *   strategy.bin   strategy tensors (e.g. FedAdam moments)
 *   state.json     round number, model version, metrics history
 *   manifest.json  size and SHA-256 of every file above — written last
 *
 * A checkpoint is written into a temporary directory (each file fsynced, then the directory), renamed into
 * place (atomic on POSIX) and the parent fsynced. Loading verifies every checksum; a corrupt or partial
 * checkpoint is skipped with a `checkpoint_corrupt` log line and the previous one is used.
 */
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parameters } from '@quakefed/proto';
import { CheckpointError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RoundMetrics, StrategyState } from '../strategy/types.js';
import { fsyncDirectory, sha256Hex, writeFileDurable } from './durable-fs.js';
import {
  WEIGHTS_FILE,
  modelJsonFor,
  parametersFromBytes,
  parametersFromModelJson,
  tensorBytes,
  weightSpecs,
  type ModelDescription,
  type WeightSpec,
} from './tensor-files.js';

/** Version of the on-disk layout (in manifest.json). */
const CHECKPOINT_FORMAT = 1;
const MANIFEST_FILE = 'manifest.json';
const ROUND_DIR = /^round-(\d{6,})$/;
const TEMP_PREFIX = '.tmp-';

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
  /** Checkpoints kept; older ones are deleted after each save. */
  keep: number;
  logger: Logger;
}

function roundDirName(round: number): string {
  return `round-${String(round).padStart(6, '0')}`;
}

/** Saves and loads the atomic, checksummed checkpoints of one state dir (layout in the file comment). */
export class CheckpointStore {
  readonly dir: string;

  constructor(
    stateDir: string,
    private readonly options: CheckpointStoreOptions,
  ) {
    this.dir = join(stateDir, 'checkpoints');
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
   * The newest checkpoint that verifies, or `null` if there is none. Corrupt ones are logged and skipped.
   */
  async loadLatest(): Promise<Checkpoint | null> {
    for (const round of await this.rounds()) {
      try {
        return await this.load(round);
      } catch (err) {
        this.options.logger.warn('checkpoint_corrupt', {
          round,
          path: this.pathOf(round),
          error: err,
          action: 'falling back to the previous checkpoint',
        });
      }
    }
    return null;
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

  /** Deletes checkpoints beyond the newest `keep` and leftover temporary directories. */
  async prune(): Promise<void> {
    const rounds = await this.rounds();
    for (const round of rounds.slice(this.options.keep)) {
      await rm(this.pathOf(round), { recursive: true, force: true });
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
    'model.json': JSON.stringify(modelJsonFor(cp.parameters, cp.model)),
    [WEIGHTS_FILE]: tensorBytes(cp.parameters),
    'strategy.json': JSON.stringify({
      name: cp.strategyState.name,
      values: cp.strategyState.values,
      tensors: Object.fromEntries(tensorNames.map((k) => [k, weightSpecs(cp.strategyState.tensors[k]!)])),
    }),
    'strategy.bin': tensorBytes(strategyTensors),
    'state.json': JSON.stringify({ round: cp.round, history: cp.history }),
  };
}

function deserialise(files: Record<string, Buffer>, dir: string): Checkpoint {
  const need = (name: string): Buffer => {
    const f = files[name];
    if (!f) throw new CheckpointError(`${dir}: ${name} missing from the manifest`);
    return f;
  };
  const modelJson = parseJson(need('model.json'), 'model.json') as ModelDescription;
  const parameters = parametersFromModelJson(modelJson, need(WEIGHTS_FILE));
  const strategy = parseJson(need('strategy.json'), 'strategy.json') as {
    name: string;
    values: Record<string, number>;
    tensors: Record<string, WeightSpec[]>;
  };
  const names = Object.keys(strategy.tensors).sort();
  const all = parametersFromBytes(
    names.flatMap((k) => strategy.tensors[k]!),
    need('strategy.bin'),
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
    strategyState: { name: strategy.name, values: strategy.values, tensors },
    history: state.history,
    model: { modelTopology: modelJson.modelTopology ?? null, userDefinedMetadata: modelJson.userDefinedMetadata },
  };
}
