/**
 * Batched inference and evaluation (loss, confusion counts, mergeable score histogram), on the fused
 * engine or on the model's tfjs graph (see `EnginePreference`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { confusionAt, histogramFromScores } from '@quakefed/seismic';
import { checkWindowData, checkWindows, inputShapeOf } from './data.js';
import { DEFAULT_EVALUATE_OPTIONS } from './defaults.js';
import { fusedEngineConfig } from './engine/engine-choice.js';
import { fusedScores } from './engine/score-fused.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { resolveLoss, resolvedLossFunction } from './losses.js';
import type { EnginePreference, EvaluateOptions, EvaluateResult, WindowData } from './types.js';

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ModelError(MODEL_ERROR_CODES.badOptions, 'batchSize must be an integer ≥ 1');
  }
}

/**
 * Runs the model's tfjs graph over `count` windows in batches; `visit` gets each batch's logits
 * [n, 1] (disposed after the call) and its first window index.
 */
function forEachGraphBatch(
  model: LayersModel,
  x: Float32Array,
  count: number,
  batchSize: number,
  visit: (logits: tf.Tensor, start: number) => void,
): void {
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

/**
 * Quake probabilities σ(logit) for `count` windows laid out [count, length, channels]; `batchSize`
 * bounds the graph's batches (the fused engine scores at most 256 windows per call whatever it is).
 */
export async function predictScores(
  model: LayersModel,
  x: Float32Array,
  count: number,
  batchSize: number = DEFAULT_EVALUATE_OPTIONS.batchSize,
  engine: EnginePreference = 'auto',
): Promise<Float32Array> {
  checkBatchSize(batchSize);
  checkWindows(model, x, count);
  const fused = fusedEngineConfig(model, engine);
  if (fused) return fusedScores(model, fused, x, count).scores;
  const scores = new Float32Array(count);
  forEachGraphBatch(model, x, count, batchSize, (logits, start) => {
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
  checkBatchSize(opts.batchSize);
  checkWindowData(model, data);
  const loss = resolveLoss(opts, data.labels);
  const fused = fusedEngineConfig(model, opts.engine);
  let scores: Float32Array;
  let lossSum = 0;
  if (fused) {
    ({ scores, lossSum } = fusedScores(model, fused, data.x, data.count, { labels: data.labels, loss }));
  } else {
    const lossFn = resolvedLossFunction(loss);
    const labels = Float32Array.from(data.labels);
    scores = new Float32Array(data.count);
    forEachGraphBatch(model, data.x, data.count, opts.batchSize, (logits, start) => {
      const n = logits.shape[0]!;
      const y = tf.tensor2d(labels.subarray(start, start + n), [n, 1]);
      lossSum += lossFn(logits, y).dataSync()[0]! * n;
      scores.set(tf.sigmoid(logits).dataSync() as Float32Array, start);
    });
  }
  return {
    loss: data.count > 0 ? lossSum / data.count : Number.NaN,
    numExamples: data.count,
    confusion: confusionAt(scores, data.labels, opts.threshold),
    histogram: histogramFromScores(scores, data.labels, opts.bins),
  };
}
