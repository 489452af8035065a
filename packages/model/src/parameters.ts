/** Model weights as the wire's named tensors, in the model's fixed weight order. */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Parameters } from '@quakefed/proto';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';

/** Copies of the model's weights, named `<layer>/kernel|bias`, in weight order. */
export function getParameters(model: LayersModel): Parameters {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    data: (w.read().dataSync() as Float32Array).slice(),
  }));
}

/** Sets the model's weights; names and shapes must match `getParameters(model)` exactly, in order. */
export function setParameters(model: LayersModel, params: Parameters): void {
  const weights = model.weights;
  if (params.length !== weights.length) {
    throw new ModelError(MODEL_ERROR_CODES.badParameters, `expected ${weights.length} tensors, got ${params.length}`);
  }
  weights.forEach((w, i) => {
    const p = params[i]!;
    if (p.name !== w.originalName) {
      throw new ModelError(MODEL_ERROR_CODES.badParameters, `tensor ${i}: expected ${w.originalName}, got ${p.name}`);
    }
    const size = (w.shape as number[]).reduce((a, b) => a * b, 1);
    if (p.shape.length !== w.shape.length || p.shape.some((d, j) => d !== w.shape[j]) || p.data.length !== size) {
      throw new ModelError(MODEL_ERROR_CODES.badParameters, `${p.name}: expected shape [${w.shape}], got [${p.shape}]`);
    }
  });
  const tensors = params.map((p) => tf.tensor(p.data, p.shape, 'float32'));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * The values of `params` for each of the model's trainable weights, matched by name (e.g. the
 * FedProx anchor from a round's global parameters).
 * @throws ModelError `QF_ERR_BAD_PARAMETERS` when a weight has no value of its size
 */
export function valuesForTrainableWeights(model: LayersModel, params: Parameters): Float32Array[] {
  const byName = new Map(params.map((p) => [p.name, p]));
  return model.trainableWeights.map((w) => {
    const p = byName.get(w.originalName);
    if (!p || p.data.length !== (w.shape as number[]).reduce((a, b) => a * b, 1)) {
      throw new ModelError(MODEL_ERROR_CODES.badParameters, `globalParameters lack a matching ${w.originalName}`);
    }
    return p.data;
  });
}

/** All the values of `params` back to back, in their order (the layout {@link setFlatParameters} takes). */
export function flatParameters(params: Parameters): Float32Array {
  const flat = new Float32Array(params.reduce((n, p) => n + p.data.length, 0));
  let offset = 0;
  for (const p of params) {
    flat.set(p.data, offset);
    offset += p.data.length;
  }
  return flat;
}

/** Sets the model's weights from all their values back to back in weight order (`getParameters`' layout). */
export function setFlatParameters(model: LayersModel, values: Float32Array): void {
  let offset = 0;
  const params = model.weights.map((w) => {
    const shape = w.shape as number[];
    const data = values.subarray(offset, (offset += shape.reduce((a, b) => a * b, 1)));
    return { name: w.originalName, shape, data };
  });
  if (offset !== values.length) {
    throw new ModelError(MODEL_ERROR_CODES.badParameters, `expected ${offset} values, got ${values.length}`);
  }
  setParameters(model, params);
}
