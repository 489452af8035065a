/**
 * A saved model of this package: the layers format (./layers-format.ts) with the model's topology and
 * its config, which travels in model.json's `userDefinedMetadata.quakefedModelConfig`. Without tfjs.
 */
import type { Parameters } from '@quakefed/proto';
import { modelTopology, parameterSpecs, resolveModelConfig } from './architecture.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { type LayersModelJson, layersModelJson, parametersFromModelJson, tensorBytes } from './layers-format.js';
import type { ModelConfig } from './types.js';

/** The two files of a saved model: `modelJson` is model.json's object, `weights` is weights.bin. */
export interface ModelArtifactsFiles {
  modelJson: ModelJson;
  weights: Uint8Array;
}

/** The model.json this package writes and reads: a topology and the model config, always. */
export interface ModelJson extends LayersModelJson {
  modelTopology: Record<string, unknown>;
  userDefinedMetadata: { quakefedModelConfig: ModelConfig };
}

const GENERATED_BY = '@quakefed/model';

/** Checks that `params` match the model's names and shapes, in order. */
export function validateParameters(config: ModelConfig, params: Parameters): void {
  const specs = parameterSpecs(config);
  const fail = (msg: string): never => {
    throw new ModelError(MODEL_ERROR_CODES.badParameters, msg);
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
  const description = {
    modelTopology: modelTopology(resolved),
    userDefinedMetadata: { quakefedModelConfig: resolved },
  };
  return { modelJson: layersModelJson(params, description, GENERATED_BY), weights: tensorBytes(params) };
}

/**
 * Inverse of {@link modelArtifactsFromParameters}: the config and parameters (copies) in the files.
 * @throws ModelError `QF_ERR_BAD_ARTIFACTS` if the files are not a layers model with finite weights, or
 * `QF_ERR_BAD_PARAMETERS` if its tensors are not those of its config
 */
export function parametersFromModelArtifacts(files: ModelArtifactsFiles): {
  config: ModelConfig;
  parameters: Parameters;
} {
  const config = configFromModelJson(files.modelJson);
  const parameters = parametersFromModelJson(files.modelJson, files.weights);
  validateParameters(config, parameters);
  return { config, parameters };
}

/** The model config stored in a model.json written by this package. */
export function configFromModelJson(modelJson: Pick<ModelJson, 'userDefinedMetadata'>): ModelConfig {
  const stored = modelJson.userDefinedMetadata?.quakefedModelConfig;
  if (!stored) throw new ModelError(MODEL_ERROR_CODES.badArtifacts, 'model.json has no quakefedModelConfig metadata');
  // Configs stored before input pooling existed have no inputPool: their models had none.
  return resolveModelConfig({ inputPool: 1, ...(stored as Partial<ModelConfig>) });
}
