/**
 * Saving and loading in the standard tfjs layers format: a directory (or http base URL) holding
 * model.json and weights.bin, so `tf.loadLayersModel` reads what we write. tfjs-core has no
 * file:// handler without tfjs-node, hence the small fs/http IOHandler here. A coordinator serving
 * `GET <base>/model.json` and `GET <base>/weights.bin` can be loaded with `loadModel('<base>')`.
 */
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { io } from '@tensorflow/tfjs-core';
import { configFromModelJson } from './artifacts.js';
import type { ModelJson } from './artifacts.js';
import { readModelArtifacts, writeModelDirectory } from './files.js';
import { modelConfigOf, rememberModelConfig } from './model.js';
import { getParameters } from './parameters.js';

/**
 * A tfjs IOHandler that loads model.json + weight files from a directory, a model.json path or an
 * http(s) URL (base or model.json). Use with `tf.loadLayersModel(handler)`.
 */
export function modelLoadHandler(source: string): io.IOHandler {
  return {
    load: async () => {
      const { modelJson, weights } = await readModelArtifacts(source);
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
        weightData: weights.buffer as ArrayBuffer,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        userDefinedMetadata: modelJson.userDefinedMetadata as unknown as Record<string, object>,
      };
    },
  };
}

/** Writes `model` as `<dir>/model.json` + `<dir>/weights.bin` (creating `dir`). */
export async function saveModel(model: LayersModel, dir: string): Promise<void> {
  await writeModelDirectory(dir, modelConfigOf(model), getParameters(model));
}

/** Loads a model saved by {@link saveModel} (or served over http) from a directory, model.json path or URL. */
export async function loadModel(source: string): Promise<LayersModel> {
  const handler = modelLoadHandler(source);
  let metadata: ModelJson['userDefinedMetadata'] | undefined;
  const model = await loadLayersModel({
    load: async () => {
      const artifacts = await handler.load!();
      metadata = artifacts.userDefinedMetadata as ModelJson['userDefinedMetadata'] | undefined;
      return artifacts;
    },
  });
  if (metadata?.quakefedModelConfig) rememberModelConfig(model, configFromModelJson({ userDefinedMetadata: metadata }));
  return model;
}
