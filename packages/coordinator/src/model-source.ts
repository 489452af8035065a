/**
 * Where the initial global model comes from when neither a checkpoint nor the strategy provides one: a
 * saved model directory (`initialModel`, e.g. a pretrained model), or the reference classifier the model
 * package builds. The model package is loaded lazily, so a coordinator that is given parameters never
 * pays for importing tfjs.
 */
import type { Parameters } from '@quakefed/proto';
import type { ModelConfig, OperatingPoints } from '@quakefed/model';
import type { ModelDescription } from '@quakefed/model/layers-format';
import { COORDINATOR_ERROR_CODES, CoordinatorError } from './errors.js';

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

/** A saved model to start from, with the operating points kept beside it (null: none). */
export interface SavedInitialModel extends InitialModel {
  operatingPoints: OperatingPoints | null;
}

/**
 * Reads the saved model at `source` (a directory, model.json path or URL) and checks that its tensors
 * are those of a `config` model (the model clients build and train).
 * @throws CoordinatorError `QF_ERR_INITIAL_MODEL` when it cannot be read or its shapes differ
 */
export async function loadInitialModel(source: string, config: Partial<ModelConfig>): Promise<SavedInitialModel> {
  const m = await import('@quakefed/model');
  /** Runs `step`, turning the model package's errors into this one's. */
  const checked = async <T>(what: string, step: () => T | Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof m.ModelError)) throw err;
      throw new CoordinatorError(
        COORDINATOR_ERROR_CODES.initialModel,
        `initial model ${source}: ${what}${err.message}`,
        { cause: err },
      );
    }
  };
  const files = await checked('', () => m.readModelArtifacts(source));
  const { parameters } = await checked('', () => m.parametersFromModelArtifacts(files));
  await checked('its weights do not fit the model config: ', () =>
    m.validateParameters(m.resolveModelConfig(config), parameters),
  );
  const operatingPoints = await checked('', () => m.readOperatingPoints(source));
  const { modelTopology, userDefinedMetadata } = files.modelJson;
  return { parameters, model: { modelTopology, userDefinedMetadata }, operatingPoints };
}
