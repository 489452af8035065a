/** Batched inference and evaluation (loss, confusion counts, mergeable score histogram). */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { confusionAt, histogramFromScores } from '@quakefed/seismic';
import { checkWindowData, checkWindows, inputShapeOf } from './data.js';
import { DEFAULT_EVALUATE_OPTIONS } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { lossFunction } from './losses.js';
import type { EvaluateOptions, EvaluateResult, WindowData } from './types.js';

/**
 * Runs the model over `count` windows in batches; `visit` gets each batch's logits [n, 1] (disposed
 * after the call) and its first window index.
 */
function forEachBatch(
  model: LayersModel,
  x: Float32Array,
  count: number,
  batchSize: number,
  visit: (logits: tf.Tensor, start: number) => void,
): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ModelError(MODEL_ERROR_CODES.badOptions, 'batchSize must be an integer ≥ 1');
  }
  checkWindows(model, x, count);
  const [length, channels] = inputShapeOf(model);
  const windowSize = length * channels;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    tf.tidy(() => {
      const batch = tf.tensor3d(x.subarray(start * windowSize, (start + n) * windowSize), [n, length, channels]);
      visit(model.apply(batch, { training: false }) as tf.Tensor, start);
    });
  }
}

/** Quake probabilities σ(logit) for `count` windows laid out [count, length, channels]. */
export async function predictScores(
  model: LayersModel,
  x: Float32Array,
  count: number,
  batchSize: number = DEFAULT_EVALUATE_OPTIONS.batchSize,
): Promise<Float32Array> {
  const scores = new Float32Array(count);
  forEachBatch(model, x, count, batchSize, (logits, start) => {
    scores.set(tf.sigmoid(logits).dataSync() as Float32Array, start);
  });
  return scores;
}

/**
 * Evaluates on labelled windows: mean loss (the configured loss), confusion counts at `threshold`
 * and a score histogram — both sum exactly across clients.
 */
export async function evaluateModel(
  model: LayersModel,
  data: WindowData,
  options: Partial<EvaluateOptions> = {},
): Promise<EvaluateResult> {
  const opts: EvaluateOptions = { ...DEFAULT_EVALUATE_OPTIONS, ...options };
  checkWindowData(model, data);
  const lossFn = lossFunction(opts, data.labels);
  const labels = Float32Array.from(data.labels);
  const scores = new Float32Array(data.count);
  let lossSum = 0;
  forEachBatch(model, data.x, data.count, opts.batchSize, (logits, start) => {
    const n = logits.shape[0]!;
    const y = tf.tensor2d(labels.subarray(start, start + n), [n, 1]);
    lossSum += lossFn(logits, y).dataSync()[0]! * n;
    scores.set(tf.sigmoid(logits).dataSync() as Float32Array, start);
  });
  return {
    loss: data.count > 0 ? lossSum / data.count : Number.NaN,
    numExamples: data.count,
    confusion: confusionAt(scores, data.labels, opts.threshold),
    histogram: histogramFromScores(scores, data.labels, opts.bins),
  };
}
