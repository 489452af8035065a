/**
 * The tfjs layers format, model.json + weights.bin, to and from plain parameters: model.json's
 * `weightsManifest` lists each tensor's name, shape and dtype, and weights.bin holds the float32 values
 * (little-endian) concatenated in manifest order, so tfjs `loadLayersModel` reads what is written here.
 * The model package's saved models and the coordinator's checkpoints and `GET /model` are all written
 * and read by this one module. It imports nothing from tfjs: the coordinator loads it as
 * `@quakefed/model/layers-format` without paying for tfjs.
 */
import type { Parameters } from '@quakefed/proto';
import { WEIGHTS_FILE } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';

// What a caller of this entry needs besides its functions: the file names and the error it throws.
export { MODEL_JSON_FILE, WEIGHTS_FILE } from './defaults.js';
export { ModelError } from './errors.js';

/** One entry of a tfjs weights manifest group. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** What model.json says about a model besides its weights. */
export interface ModelDescription {
  /** Keras-style topology tfjs builds the model from; `null`: weights only (no `loadLayersModel`). */
  modelTopology: unknown;
  /** Free-form metadata (the model package stores its ModelConfig here). */
  userDefinedMetadata?: unknown;
}

/** A model.json body: the description, and the manifest of one weights file. */
export interface LayersModelJson extends ModelDescription {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** Manifest entries for `params`, in order. */
export function weightSpecs(params: Parameters): WeightSpec[] {
  return params.map((t) => ({ name: t.name, shape: [...t.shape], dtype: 'float32' }));
}

/** Concatenated float32 bytes of `params`, little-endian, in order: the contents of weights.bin. */
export function tensorBytes(params: Parameters): Uint8Array {
  const total = params.reduce((n, t) => n + t.data.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const t of params) {
    out.set(t.data, offset);
    offset += t.data.length;
  }
  return new Uint8Array(out.buffer);
}

/**
 * The model.json body for `params` (in weights.bin) and `description`, which it keeps (with its own
 * type) so a caller's richer description types the result. `generatedBy` says which program wrote it.
 */
export function layersModelJson<D extends ModelDescription>(
  params: Parameters,
  description: D,
  generatedBy: string,
): LayersModelJson & D {
  const { modelTopology, userDefinedMetadata } = description;
  return {
    format: 'layers-model',
    generatedBy,
    convertedBy: null,
    modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs(params) }],
    ...(userDefinedMetadata !== undefined ? { userDefinedMetadata } : {}),
  } as LayersModelJson & D;
}

/**
 * Rebuilds parameters (copies) from manifest entries and their concatenated bytes.
 * @throws ModelError `QF_ERR_BAD_ARTIFACTS` if an entry is malformed, the byte length does not match the
 * manifest, or a value is NaN or infinite (a checksum only proves the bytes are those written, not that
 * they are a model)
 */
export function parametersFromBytes(specs: readonly WeightSpec[], bytes: Uint8Array): Parameters {
  const fail = (message: string): never => {
    throw new ModelError(MODEL_ERROR_CODES.badArtifacts, message);
  };
  const sizes = specs.map((s) => {
    const valid =
      typeof s?.name === 'string' &&
      Array.isArray(s.shape) &&
      s.shape.every((d) => Number.isInteger(d) && d >= 0) &&
      s.dtype === 'float32';
    if (!valid) fail(`malformed weight spec ${JSON.stringify(s)}`);
    return s.shape.reduce((a, b) => a * b, 1);
  });
  const expected = sizes.reduce((a, b) => a + b, 0) * 4;
  if (bytes.byteLength !== expected) fail(`weights hold ${bytes.byteLength} bytes, the manifest describes ${expected}`);
  // Copy into an aligned buffer we own (the input may be a Node Buffer slice at any offset).
  const all = new Float32Array(new Uint8Array(bytes).buffer);
  let offset = 0;
  return specs.map((s, i) => {
    const data = all.slice(offset, offset + sizes[i]!);
    offset += sizes[i]!;
    if (!data.every(Number.isFinite)) fail(`tensor ${s.name} holds NaN or infinite values`);
    return { name: s.name, shape: [...s.shape], data };
  });
}

/**
 * The parameters described by a model.json body and its weights (all weight files concatenated in
 * manifest order).
 * @throws ModelError `QF_ERR_BAD_ARTIFACTS` if the manifest is missing or malformed, or the weights do not fit it
 */
export function parametersFromModelJson(modelJson: unknown, weights: Uint8Array): Parameters {
  const manifest = (modelJson as Partial<LayersModelJson> | null)?.weightsManifest;
  if (!Array.isArray(manifest))
    throw new ModelError(MODEL_ERROR_CODES.badArtifacts, 'model.json has no weightsManifest');
  return parametersFromBytes(
    manifest.flatMap((group) => group?.weights ?? []),
    weights,
  );
}
