/**
 * What every detection run starts with: the model (from a directory or a coordinator), the operating
 * points kept beside it, and the input traces at the model's sampling rate.
 */
import {
  getParameters,
  initBackend,
  loadModel,
  readOperatingPoints,
  weightsSha256,
  type BackendPreference,
  type buildModel,
  type OperatingPoints,
} from '@quakefed/model';
import { QuakefedError } from '@quakefed/core';
import { readMiniSeedFile, type Trace } from '@quakefed/seismic';
import { MODEL_SAMPLE_RATE_HZ } from '../defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
import { modelDirectoryOf } from './checkpoint-model.js';
import { resolveModelSource } from './model-source.js';

/** A model ready to score windows. */
export interface DetectionModel {
  /** Where it was loaded from (a directory, model.json path or URL). */
  source: string;
  model: ReturnType<typeof buildModel>;
  /** Its operating points; null when the model carries none. */
  operatingPoints: OperatingPoints | null;
  /** sha256 of its weights (as weights.bin stores them). */
  weightsSha256: string;
  /** The compute backend it runs on. */
  backend: string;
}

/**
 * Initialises the backend and loads the model a `--model` value names (a directory, a coordinator's
 * state directory, a model.json path or a coordinator URL), with its operating points.
 * @throws ModelError for a model that is not one; ClientError `QF_ERR_MODEL_UNAVAILABLE` when it cannot be read or fetched
 */
export async function loadDetectionModel(spec: string, backend?: BackendPreference): Promise<DetectionModel> {
  const name = await initBackend(backend);
  const url = resolveModelSource(spec);
  const source = url === spec ? await modelDirectoryOf(spec) : url;
  try {
    const model = await loadModel(source);
    return {
      source,
      model,
      operatingPoints: await readOperatingPoints(source),
      weightsSha256: weightsSha256(getParameters(model)),
      backend: name,
    };
  } catch (err) {
    if (err instanceof QuakefedError) throw err;
    // fetch's own message is only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is its cause.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
    throw new ClientError(CLIENT_ERROR_CODES.modelUnavailable, `cannot load the model from ${source}: ${why}`, {
      cause: err,
    });
  }
}

/** Every trace of one miniSEED file, resampled to the model's rate. */
export async function readInputFile(path: string): Promise<Trace[]> {
  return readMiniSeedFile(path, { sampleRate: MODEL_SAMPLE_RATE_HZ });
}

/** Every trace of the miniSEED files, resampled to the model's rate. @throws ClientError QF_ERR_NO_DATA without files */
export async function readInputTraces(paths: readonly string[]): Promise<Trace[]> {
  if (paths.length === 0) throw new ClientError(CLIENT_ERROR_CODES.noData, 'no input files');
  const traces: Trace[] = [];
  for (const path of paths) traces.push(...(await readInputFile(path)));
  return traces;
}
