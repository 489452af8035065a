/**
 * Scoring on the fused engine: σ(logit) of windows, batch by batch, and for labelled windows the
 * summed loss. The model's weights are read once per call.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ResolvedLoss } from '../losses.js';
import { getParameters } from '../parameters.js';
import type { ModelConfig } from '../types.js';
import { acquireEngine, releaseEngine } from './engine-pool.js';

/**
 * Windows the engine scores per call, whatever batch the caller asks for: results do not depend on
 * it, and it bounds the memory an engine keeps (64 × 3000 × 3 floats = 2.3 MB of input). Small enough
 * for a batch to stay in cache between its copy in and the first layer: with 256 a station-day's
 * detection took ~10 % longer (scratch A/B, 30 Nov 2026).
 */
const ENGINE_SCORING_BATCH = 64;

/** Labels of the windows and the loss to sum over them. */
export interface LabelledScoring {
  labels: Uint8Array;
  loss: ResolvedLoss;
}

/**
 * Scores of `count` windows of `x` (laid out [count, length, channels]) under `model`, whose config
 * is `config`; with `labelled`, also the sum of the per-window losses (else 0).
 */
export function fusedScores(
  model: LayersModel,
  config: ModelConfig,
  x: Float32Array,
  count: number,
  labelled?: LabelledScoring,
): { scores: Float32Array; lossSum: number } {
  const scores = new Float32Array(count);
  if (count === 0) return { scores, lossSum: 0 };
  const batch = Math.min(count, ENGINE_SCORING_BATCH);
  const windowSize = config.windowLength * config.channels;
  const engine = acquireEngine();
  try {
    engine.configure(config, batch, false);
    engine.setParameters(getParameters(model).map((p) => p.data));
    if (labelled) engine.setLoss(labelled.loss);
    let lossSum = 0;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      engine.loadWindows(x, start, n, windowSize, labelled?.labels);
      if (labelled) {
        const { loss, scores: batchScores } = engine.evaluate(n);
        lossSum += loss * n;
        scores.set(batchScores, start);
      } else {
        scores.set(engine.predict(n), start);
      }
    }
    return { scores, lossSum };
  } finally {
    releaseEngine(engine);
  }
}
