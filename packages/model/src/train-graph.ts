/**
 * Training steps on the layers model's tfjs graph: gradients by tf.variableGrads, the update on
 * arrays (optimizers.ts). The reference implementation the fused engine is tested against, and the
 * path of backends other than wasm-qf.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { BatchBuilder } from './batches.js';
import { resolvedLossFunction } from './losses.js';
import type { ResolvedLoss } from './losses.js';
import { AdamArrayOptimizer, SgdArrayOptimizer, optimizerStep } from './optimizers.js';
import { flatParameters, getParameters, valuesForTrainableWeights } from './parameters.js';
import type { TrainingRun } from './training-run.js';
import type { TrainOptions, WindowData } from './types.js';

/** μ/2 · Σ‖w − w_global‖². */
function proximalTerm(variables: tf.Variable[], anchors: tf.Tensor[], mu: number): tf.Scalar {
  const squares = variables.map((v, i) => tf.sum(tf.squaredDifference(v, anchors[i]!)));
  return tf.mul(tf.addN(squares), mu / 2) as tf.Scalar;
}

/** A training run of `model` on `data` through its tfjs graph; the weights change in place each step. */
export function graphTrainingRun(
  model: LayersModel,
  data: WindowData,
  opts: TrainOptions,
  loss: ResolvedLoss,
): TrainingRun {
  const lossFn = resolvedLossFunction(loss);
  const mu = opts.proxMu ?? 0;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const anchors =
    mu > 0
      ? valuesForTrainableWeights(model, opts.globalParameters!).map((v, i) => tf.tensor(v, variables[i]!.shape))
      : [];
  const optimizer =
    opts.optimizer === 'adam'
      ? new AdamArrayOptimizer(opts.learningRate)
      : new SgdArrayOptimizer(opts.learningRate, opts.momentum ?? 0);
  const batches = new BatchBuilder(data, opts.batchSize);
  return {
    step(order, start, end) {
      const { x, y } = batches.batch(order, start, end);
      try {
        return optimizerStep(
          optimizer,
          variables,
          () => {
            const dataLoss = lossFn(model.apply(x, { training: true }) as tf.Tensor, y);
            return mu > 0 ? tf.add(dataLoss, proximalTerm(variables, anchors, mu)) : dataLoss;
          },
          opts.clipNorm,
        );
      } finally {
        tf.dispose([x, y]);
      }
    },
    weights: () => flatParameters(getParameters(model)),
    close() {
      tf.dispose(anchors);
    },
  };
}
