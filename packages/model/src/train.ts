/**
 * Local training: a custom loop (no model.fit) over seeded batches, Adam or SGD, optional FedProx
 * proximal term and class-balanced sampling. Yields to the event loop every ~50 ms so a client's
 * heartbeats keep flowing while it trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Parameters } from '@quakefed/proto';
import { createRng } from '@quakefed/seismic';
import { BatchBuilder, classBalancedOrder, shuffledOrder } from './batches.js';
import { checkWindowData } from './data.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { lossFunction } from './losses.js';
import { AdamArrayOptimizer, SgdArrayOptimizer, optimizerStep } from './optimizers.js';
import { getParameters } from './parameters.js';
import { resolveTrainOptions } from './train-options.js';
import type { TrainOptions, TrainResult, WindowData } from './types.js';

/** Longest stretch of training between two yields to the event loop. */
const YIELD_EVERY_MS = 50;

/**
 * The FedProx anchors as tensors, aligned with the model's trainable weights. Built inside `tidy` so
 * that a mismatch part-way through disposes the anchors already made.
 */
function proxAnchors(model: LayersModel, global: Parameters): tf.Tensor[] {
  const byName = new Map(global.map((p) => [p.name, p]));
  return tf.tidy(() =>
    model.trainableWeights.map((w) => {
      const p = byName.get(w.originalName);
      if (!p || p.data.length !== (w.shape as number[]).reduce((a, b) => a * b, 1)) {
        throw new ModelError(MODEL_ERROR_CODES.badParameters, `globalParameters lack a matching ${w.originalName}`);
      }
      return tf.tensor(p.data, w.shape as number[], 'float32');
    }),
  );
}

/** μ/2 · Σ‖w − w_global‖². */
function proximalTerm(variables: tf.Variable[], anchors: tf.Tensor[], mu: number): tf.Scalar {
  const squares = variables.map((v, i) => tf.sum(tf.squaredDifference(v, anchors[i]!)));
  return tf.mul(tf.addN(squares), mu / 2) as tf.Scalar;
}

/**
 * Trains `model` in place on `data` and returns the new weights, the number of examples and
 * metrics: `loss` (mean of the last epoch), `loss_epoch_<i>` (1-based), `windows_per_s`, `steps`,
 * `seconds`. Leaves no tensors behind.
 */
export async function trainLocal(
  model: LayersModel,
  data: WindowData,
  options: Partial<TrainOptions> = {},
): Promise<TrainResult> {
  const opts = resolveTrainOptions(options);
  checkWindowData(model, data);
  const lossFn = lossFunction(opts, data.labels);
  const mu = opts.proxMu ?? 0;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const anchors = mu > 0 ? proxAnchors(model, opts.globalParameters!) : [];
  const optimizer =
    opts.optimizer === 'adam'
      ? new AdamArrayOptimizer(opts.learningRate)
      : new SgdArrayOptimizer(opts.learningRate, opts.momentum ?? 0);
  const batches = new BatchBuilder(data, opts.batchSize);
  const rng = createRng(opts.seed);
  const metrics: Record<string, number> = {};
  let steps = 0;
  const started = performance.now();
  let lastYield = started;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const order = opts.classBalanced ? classBalancedOrder(data.labels, rng) : shuffledOrder(data.count, rng);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += opts.batchSize) {
        const end = Math.min(start + opts.batchSize, order.length);
        const { x, y } = batches.batch(order, start, end);
        try {
          const loss = optimizerStep(
            optimizer,
            variables,
            () => {
              const dataLoss = lossFn(model.apply(x, { training: true }) as tf.Tensor, y);
              return mu > 0 ? tf.add(dataLoss, proximalTerm(variables, anchors, mu)) : dataLoss;
            },
            opts.clipNorm,
          );
          lossSum += loss * (end - start);
        } finally {
          tf.dispose([x, y]);
        }
        steps++;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      metrics[`loss_epoch_${epoch}`] = order.length > 0 ? lossSum / order.length : Number.NaN;
    }
  } finally {
    tf.dispose(anchors);
  }
  const seconds = (performance.now() - started) / 1000;
  metrics.loss = metrics[`loss_epoch_${opts.epochs}`]!;
  metrics.steps = steps;
  metrics.seconds = seconds;
  metrics.windows_per_s = seconds > 0 ? (opts.epochs * data.count) / seconds : 0;
  return { parameters: getParameters(model), numExamples: data.count, metrics };
}
