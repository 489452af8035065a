/** A copy of a model loaded by plain tfjs (tf.loadLayersModel), as another tool would: no config attached. */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { modelArtifactsFromParameters } from '../artifacts.js';
import { modelConfigOf } from '../model.js';
import { getParameters } from '../parameters.js';

/** `model` (built by this package) rebuilt by tf.loadLayersModel from in-memory artifacts. */
export function loadWithPlainTfjs(model: LayersModel): Promise<LayersModel> {
  const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
  return loadLayersModel(
    tf.io.fromMemory({
      modelTopology: files.modelJson.modelTopology,
      weightSpecs: files.modelJson.weightsManifest[0]!.weights,
      weightData: files.weights.slice().buffer,
    }),
  );
}
