/**
 * The tfjs layers format (model.json + weights.bin) built from / read into plain parameters, without
 * tfjs: what the coordinator checkpoints and serves (`GET /model/model.json`, `/model/weights.bin`).
 * The model config travels in model.json's `userDefinedMetadata.quakefedModelConfig`.
 */
import type { Parameters } from '@quakefed/proto';
import { modelTopology, parameterSpecs, resolveModelConfig } from './architecture.js';
import { WEIGHTS_FILE } from './defaults.js';
import { ModelError } from './errors.js';
import type { ModelConfig } from './types.js';

/** The two files of a saved model: `modelJson` is model.json's object, `weights` is weights.bin. */
export interface ModelArtifactsFiles {
  modelJson: ModelJson;
  weights: Uint8Array;
}

/** The parts of model.json this package writes and reads. */
export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: 'float32' }[] }[];
  userDefinedMetadata: { quakefedModelConfig: ModelConfig };
}

const GENERATED_BY = '@quakefed/model';

/** Checks that `params` match the model's names and shapes, in order. */
export function validateParameters(config: ModelConfig, params: Parameters): void {
  const specs = parameterSpecs(config);
  const fail = (msg: string): never => {
    throw new ModelError('QF_ERR_BAD_PARAMETERS', msg);
  };
  if (params.length !== specs.length) fail(`expected ${specs.length} tensors, got ${params.length}`);
  specs.forEach((spec, i) => {
    const p = params[i]!;
    if (p.name !== spec.name) fail(`tensor ${i}: expected name ${spec.name}, got ${p.name}`);
    if (p.shape.length !== spec.shape.length || p.shape.some((d, j) => d !== spec.shape[j])) {
      fail(`${spec.name}: expected shape [${spec.shape}], got [${p.shape}]`);
    }
    if (p.data.length !== spec.shape.reduce((a, b) => a * b, 1)) fail(`${spec.name}: data length does not match shape`);
  });
}

/** Builds model.json + weights.bin for `params` (validated against `config`). */
export function modelArtifactsFromParameters(config: ModelConfig, params: Parameters): ModelArtifactsFiles {
  const resolved = resolveModelConfig(config);
  validateParameters(resolved, params);
  const total = params.reduce((n, p) => n + p.data.length, 0);
  const floats = new Float32Array(total);
  let offset = 0;
  for (const p of params) {
    floats.set(p.data, offset);
    offset += p.data.length;
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: GENERATED_BY,
      convertedBy: null,
      modelTopology: modelTopology(resolved),
      weightsManifest: [
        {
          paths: [WEIGHTS_FILE],
          weights: params.map((p) => ({ name: p.name, shape: [...p.shape], dtype: 'float32' })),
        },
      ],
      userDefinedMetadata: { quakefedModelConfig: resolved },
    },
    weights: new Uint8Array(floats.buffer),
  };
}

/** Inverse of {@link modelArtifactsFromParameters}: the config and parameters (copies) in the files. */
export function parametersFromModelArtifacts(files: ModelArtifactsFiles): {
  config: ModelConfig;
  parameters: Parameters;
} {
  const config = configFromModelJson(files.modelJson);
  const specs = files.modelJson.weightsManifest.flatMap((group) => group.weights);
  const bytes = files.weights;
  const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== expected) {
    throw new ModelError('QF_ERR_BAD_ARTIFACTS', `weights hold ${bytes.byteLength} bytes, manifest needs ${expected}`);
  }
  // Copy into an aligned buffer: `bytes` may sit at any offset of a larger buffer.
  const floats = new Float32Array(bytes.slice().buffer);
  let offset = 0;
  const parameters = specs.map((s) => {
    if (s.dtype !== 'float32') throw new ModelError('QF_ERR_BAD_ARTIFACTS', `${s.name}: dtype ${s.dtype} unsupported`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    const data = floats.slice(offset, offset + n);
    offset += n;
    return { name: s.name, shape: [...s.shape], data };
  });
  validateParameters(config, parameters);
  return { config, parameters };
}

/** The model config stored in a model.json written by this package. */
export function configFromModelJson(modelJson: Pick<ModelJson, 'userDefinedMetadata'>): ModelConfig {
  const stored = modelJson.userDefinedMetadata?.quakefedModelConfig;
  if (!stored) throw new ModelError('QF_ERR_BAD_ARTIFACTS', 'model.json has no quakefedModelConfig metadata');
  return resolveModelConfig(stored);
}
