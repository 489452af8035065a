/**
 * Parameters ↔ bytes in the tfjs layers-model weights format: a `weightsManifest` lists each tensor's
 * name, shape and dtype, and one binary file holds the float32 values (little-endian) concatenated in
 * manifest order. The checkpoint uses it for the global model and for strategy tensors, and `/model`
 * serves the same bytes, so tfjs `loadLayersModel` / `loadWeights`-style loaders read them directly.
 */
import type { Parameters } from '@quakefed/proto';
import { CheckpointError } from '../errors.js';

/** One entry of a tfjs weights manifest group. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** Manifest entries for `params`, in order. */
export function weightSpecs(params: Parameters): WeightSpec[] {
  return params.map((t) => ({ name: t.name, shape: [...t.shape], dtype: 'float32' }));
}

/** Concatenated float32 bytes of `params`, little-endian, in order. */
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
 * Rebuilds parameters from manifest entries and their concatenated bytes.
 * @throws CheckpointError if the byte length does not match the manifest, an entry is malformed, or a
 * value is NaN or infinite (a checksum only proves the bytes are those written, not that they are a model)
 */
export function parametersFromBytes(specs: readonly WeightSpec[], bytes: Uint8Array): Parameters {
  const values = specs.map((s) => {
    const valid =
      typeof s.name === 'string' &&
      Array.isArray(s.shape) &&
      s.shape.every((d) => Number.isInteger(d) && d >= 0) &&
      s.dtype === 'float32';
    if (!valid) throw new CheckpointError(`malformed weight spec ${JSON.stringify(s)}`);
    return s.shape.reduce((a, b) => a * b, 1);
  });
  const expected = values.reduce((a, b) => a + b, 0) * 4;
  if (bytes.byteLength !== expected) {
    throw new CheckpointError(`weights hold ${bytes.byteLength} bytes, the manifest describes ${expected}`);
  }
  // Copy into an aligned buffer we own (the input may be a Node Buffer slice at any offset).
  const all = new Float32Array(new Uint8Array(bytes).buffer);
  let offset = 0;
  return specs.map((s, i) => {
    const data = all.slice(offset, offset + values[i]!);
    offset += values[i]!;
    if (!data.every(Number.isFinite)) throw new CheckpointError(`tensor ${s.name} holds NaN or infinite values`);
    return { name: s.name, shape: [...s.shape], data };
  });
}

/** File name of the weights binary next to `model.json`. */
export const WEIGHTS_FILE = 'weights.bin';

/** What model.json says about the model besides its weights (from the model package when known). */
export interface ModelDescription {
  /** Keras-style topology tfjs builds the model from; `null`: weights only (no loadLayersModel). */
  modelTopology: unknown;
  /** Free-form metadata (the model package stores its ModelConfig here). */
  userDefinedMetadata?: unknown;
}

/** A tfjs layers-format `model.json` body for `params`. */
export function modelJsonFor(params: Parameters, model: ModelDescription | null): Record<string, unknown> {
  return {
    format: 'layers-model',
    generatedBy: 'quakefed-coordinator',
    convertedBy: null,
    modelTopology: model?.modelTopology ?? null,
    ...(model?.userDefinedMetadata !== undefined ? { userDefinedMetadata: model.userDefinedMetadata } : {}),
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs(params) }],
  };
}

/**
 * The parameters described by a `model.json` body and its weights file.
 * @throws CheckpointError if the manifest is missing or malformed
 */
export function parametersFromModelJson(modelJson: unknown, weights: Uint8Array): Parameters {
  const manifest = (modelJson as { weightsManifest?: { weights?: WeightSpec[] }[] } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) throw new CheckpointError('model.json has no weightsManifest');
  return parametersFromBytes(
    manifest.flatMap((group) => group.weights ?? []),
    weights,
  );
}
