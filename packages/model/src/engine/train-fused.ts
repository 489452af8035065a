/**
 * Training steps on the fused engine: the model's weights are read into the engine when the run
 * starts and written back when it closes (the layers model stays the source of truth for saving,
 * loading and getParameters); each step is one wasm call.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ResolvedLoss } from '../losses.js';
import { getParameters, setFlatParameters, valuesForTrainableWeights } from '../parameters.js';
import type { TrainingRun } from '../training-run.js';
import type { ModelConfig, TrainOptions, WindowData } from '../types.js';
import { acquireEngine, releaseEngine } from './engine-pool.js';

/** A training run of `model` (whose config is `config`) on `data` through the fused engine. */
export function fusedTrainingRun(
  model: LayersModel,
  config: ModelConfig,
  data: WindowData,
  opts: TrainOptions,
  loss: ResolvedLoss,
): TrainingRun {
  const engine = acquireEngine();
  try {
    engine.configure(config, Math.max(1, Math.min(opts.batchSize, data.count)), true);
    engine.setParameters(getParameters(model).map((p) => p.data));
    if ((opts.proxMu ?? 0) > 0) engine.setAnchor(valuesForTrainableWeights(model, opts.globalParameters!));
    engine.setLoss(loss);
    engine.startTraining(opts);
  } catch (error) {
    releaseEngine(engine);
    throw error;
  }
  return {
    step: (order, start, end) => engine.trainStep(engine.loadBatch(data, order, start, end)),
    close() {
      try {
        setFlatParameters(model, engine.parameters());
      } finally {
        releaseEngine(engine);
      }
    },
  };
}
