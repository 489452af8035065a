/**
 * Local training: a custom loop (no model.fit) over seeded batches, Adam or SGD, optional FedProx
 * proximal term, gradient clipping and class-balanced sampling. Each step runs on the fused engine
 * (engine/) or on the model's tfjs graph (train-graph.ts), see `TrainOptions.engine`. Yields to the
 * event loop every ~50 ms so a client's heartbeats keep flowing while it trains.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { countPositives, createRng, type Rng } from '@quakefed/seismic';
import { classBalancedOrder, shuffledOrder } from './batches.js';
import { checkWindowData } from './data.js';
import { fusedEngineConfig } from './engine/engine-choice.js';
import { fusedTrainingRun } from './engine/train-fused.js';
import { predictScores } from './evaluate.js';
import { resolveLoss } from './losses.js';
import { epochWindowCount, epochWindows } from './negative-mining.js';
import { getParameters, setFlatParameters } from './parameters.js';
import { graphTrainingRun } from './train-graph.js';
import { resolveTrainOptions } from './train-options.js';
import type { TrainingRun } from './training-run.js';
import type { TrainOptions, TrainResult, WindowData } from './types.js';

/** Running mean of weight vectors, summed in float64 so that many float32 snapshots add up exactly enough. */
class WeightAverage {
  private sum: Float64Array | null = null;
  count = 0;

  add(weights: Float32Array): void {
    this.sum ??= new Float64Array(weights.length);
    for (let i = 0; i < weights.length; i++) this.sum[i]! += weights[i]!;
    this.count++;
  }

  mean(): Float32Array {
    return Float32Array.from(this.sum!, (v) => v / this.count);
  }
}

/** Longest stretch of training between two yields to the event loop. */
const YIELD_EVERY_MS = 50;

/**
 * Trains `model` in place on `data` and returns the new weights, the number of examples and
 * metrics: `loss` (mean of the last epoch), `loss_epoch_<i>` (1-based), `windows_per_s`, `steps`,
 * `seconds` (and `averaged_epochs` under `averageFromEpoch`). Leaves no tensors behind.
 */
export async function trainLocal(
  model: LayersModel,
  data: WindowData,
  options: Partial<TrainOptions> = {},
): Promise<TrainResult> {
  const opts = resolveTrainOptions(options);
  checkWindowData(model, data);
  const loss = resolveLoss(opts, trainedLabels(data.labels, opts.negativesPerEpoch));
  const fused = fusedEngineConfig(model, opts.engine);
  const run = fused
    ? await fusedTrainingRun(model, fused, data, opts, loss)
    : graphTrainingRun(model, data, opts, loss);
  const rng = createRng(opts.seed);
  const metrics: Record<string, number> = {};
  let steps = 0;
  const started = performance.now();
  let lastYield = started;
  const average = opts.averageFromEpoch === undefined ? null : new WeightAverage();
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const order = await epochOrder(model, run, data, opts, epoch, rng);
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
      if (average && epoch >= opts.averageFromEpoch!) average.add(run.weights());
    }
  } finally {
    run.close();
  }
  if (average) {
    setFlatParameters(model, average.mean());
    metrics.averaged_epochs = average.count;
  }
  const seconds = (performance.now() - started) / 1000;
  metrics.loss = metrics[`loss_epoch_${opts.epochs}`]!;
  metrics.steps = steps;
  metrics.seconds = seconds;
  const trained = epochWindowCount(data.labels, opts.negativesPerEpoch);
  metrics.windows_per_s = seconds > 0 ? (opts.epochs * trained) / seconds : 0;
  return { parameters: getParameters(model), numExamples: trained, metrics };
}

/** Batch size of the candidates' scoring under hard-negative mining. */
const MINING_BATCH = 256;

/**
 * The windows of one epoch, shuffled: all of them (or class-balanced draws), or under
 * `negativesPerEpoch` every positive and that many negatives, the hard share of them scored with the
 * weights the epoch starts from.
 */
async function epochOrder(
  model: LayersModel,
  run: TrainingRun,
  data: WindowData,
  opts: TrainOptions,
  epoch: number,
  rng: Rng,
): Promise<Uint32Array> {
  if (opts.negativesPerEpoch === undefined) {
    return opts.classBalanced ? classBalancedOrder(data.labels, rng) : shuffledOrder(data.count, rng);
  }
  const share = opts.hardNegativeShare ?? 0;
  let scores: Float32Array | null = null;
  if (share > 0) {
    // The fused engine trains on its own copy of the weights: the model holds the epoch's start only after this.
    if (epoch > 1) setFlatParameters(model, run.weights());
    scores = await predictScores(model, data.x, data.count, MINING_BATCH, opts.engine);
  }
  const windows = epochWindows(data.labels, scores, opts.negativesPerEpoch, share, rng);
  return shuffledOrder(windows.length, rng).map((k) => windows[k]!);
}

/**
 * Labels of the windows one epoch trains on, by count (positives first): what the weighted-BCE
 * weight and the example count are taken from.
 */
function trainedLabels(labels: Uint8Array, negativesPerEpoch: number | undefined): Uint8Array {
  if (negativesPerEpoch === undefined) return labels;
  return new Uint8Array(epochWindowCount(labels, negativesPerEpoch)).fill(1, 0, countPositives(labels));
}
