/**
 * What every detection run starts with: the model (from a directory or a coordinator), the operating
 * points kept beside it, and the input traces at the model's sampling rate.
 */
import { getParameters, initBackend, loadModel, readOperatingPoints, weightsSha256, type BackendPreference, type buildModel, type OperatingPoints } from '@quakefed/model';
import { readMiniSeedFile, type Trace } from '@quakefed/seismic';
import { MODEL_SAMPLE_RATE_HZ } from '../defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
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

/** Initialises the backend and loads the model a `--model` value names, with its operating points. */
export async function loadDetectionModel(spec: string, backend?: BackendPreference): Promise<DetectionModel> {
  const name = await initBackend(backend);
  const source = resolveModelSource(spec);
  const model = await loadModel(source);
  return { source, model, operatingPoints: await readOperatingPoints(source), weightsSha256: weightsSha256(getParameters(model)), backend: name };
}

/** Every trace of the miniSEED files, resampled to the model's rate. @throws ClientError QF_ERR_NO_DATA without files */
export async function readInputTraces(paths: readonly string[]): Promise<Trace[]> {
  if (paths.length === 0) throw new ClientError(CLIENT_ERROR_CODES.noData, 'no input files');
  const traces: Trace[] = [];
  for (const path of paths) traces.push(...(await readMiniSeedFile(path, { sampleRate: MODEL_SAMPLE_RATE_HZ })));
  return traces;
}
