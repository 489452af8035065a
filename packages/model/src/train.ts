/**
 * Local training: a custom loop (no model.fit) over seeded batches, Adam or SGD, optional FedProx
 * proximal term, gradient clipping and class-balanced sampling. Each step runs on the fused engine
 * (engine/) or on the model's tfjs graph (train-graph.ts), see `TrainOptions.engine`. Yields to the
 * event loop every ~50 ms so a client's heartbeats keep flowing while it trains.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createRng } from '@quakefed/seismic';
import { classBalancedOrder, shuffledOrder } from './batches.js';
import { checkWindowData } from './data.js';
import { fusedEngineConfig } from './engine/engine-choice.js';
import { fusedTrainingRun } from './engine/train-fused.js';
import { resolveLoss } from './losses.js';
import { getParameters } from './parameters.js';
import { graphTrainingRun } from './train-graph.js';
import { resolveTrainOptions } from './train-options.js';
import type { TrainOptions, TrainResult, WindowData } from './types.js';

/** Longest stretch of training between two yields to the event loop. */
const YIELD_EVERY_MS = 50;

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
  const loss = resolveLoss(opts, data.labels);
  const fused = fusedEngineConfig(model, opts.engine);
  const run = fused
    ? await fusedTrainingRun(model, fused, data, opts, loss)
    : graphTrainingRun(model, data, opts, loss);
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
        lossSum += run.step(order, start, end) * (end - start);
        steps++;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      metrics[`loss_epoch_${epoch}`] = order.length > 0 ? lossSum / order.length : Number.NaN;
    }
  } finally {
    run.close();
  }
  const seconds = (performance.now() - started) / 1000;
  metrics.loss = metrics[`loss_epoch_${opts.epochs}`]!;
  metrics.steps = steps;
  metrics.seconds = seconds;
  metrics.windows_per_s = seconds > 0 ? (opts.epochs * data.count) / seconds : 0;
  return { parameters: getParameters(model), numExamples: data.count, metrics };
}
