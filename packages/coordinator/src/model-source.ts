/**
 * Where the initial global model comes from when neither a checkpoint nor the strategy provides one:
 * the model package builds the reference classifier (loaded lazily, so a coordinator that is given
 * parameters never pays for importing tfjs).
 */
import type { Parameters } from '@quakefed/proto';
import type { ModelConfig } from '@quakefed/model';
import type { ModelDescription } from './checkpoint/tensor-files.js';

/** A model's parameters and what model.json says about it. */
export interface InitialModel {
  parameters: Parameters;
  model: ModelDescription;
}

/** Builds a freshly initialised model from `config` (the model package's defaults fill the rest). */
export async function buildInitialModel(config: Partial<ModelConfig>): Promise<InitialModel> {
  const m = await import('@quakefed/model');
  await m.initBackend(); // building a tfjs model needs a backend, even just to initialise weights
  const resolved = m.resolveModelConfig(config);
  const tfModel = m.buildModel(resolved);
  try {
    const parameters = m.getParameters(tfModel);
    // Take topology and metadata from the model package's own model.json, so both always agree.
    const { modelJson } = m.modelArtifactsFromParameters(resolved, parameters);
    return {
      parameters,
      model: { modelTopology: modelJson.modelTopology, userDefinedMetadata: modelJson.userDefinedMetadata },
    };
  } finally {
    tfModel.dispose();
  }
}
