/**
 * Training steps on the fused engine: the model's weights are read into the engine when the run
 * starts and written back when it closes (the layers model stays the source of truth for saving,
 * loading and getParameters); each step is one wasm call, or with `threads` > 1 one per thread.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ResolvedLoss } from '../losses.js';
import { getParameters, setFlatParameters, valuesForTrainableWeights } from '../parameters.js';
import type { TrainingRun } from '../training-run.js';
import type { ModelConfig, TrainOptions, WindowData } from '../types.js';
import { acquireEngine, releaseEngine } from './engine-pool.js';
import { acquireHelpers, releaseHelpers } from './helper-threads.js';
import type { GradientHelper } from './helper-threads.js';
import { helperShare, parallelStep } from './parallel-step.js';

/** A training run of `model` (whose config is `config`) on `data` through the fused engine. */
export async function fusedTrainingRun(
  model: LayersModel,
  config: ModelConfig,
  data: WindowData,
  opts: TrainOptions,
  loss: ResolvedLoss,
): Promise<TrainingRun> {
  const engine = acquireEngine();
  let helpers: GradientHelper[] = [];
  try {
    const batch = Math.max(1, Math.min(opts.batchSize, data.count));
    engine.configure(config, batch, true);
    engine.setParameters(getParameters(model).map((p) => p.data));
    if ((opts.proxMu ?? 0) > 0) engine.setAnchor(valuesForTrainableWeights(model, opts.globalParameters!));
    engine.setLoss(loss);
    engine.startTraining(opts);
    const threads = Math.min(opts.threads ?? 1, batch);
    helpers = await acquireHelpers(threads - 1);
    const setup = {
      config,
      loss,
      maxBatch: helperShare(batch, threads),
      paramsLength: engine.internalParameters().length,
    };
    const stepBuffers = helpers.map((helper) => helper.configure(setup));
    const step =
      helpers.length > 0
        ? parallelStep(engine, helpers, stepBuffers, data)
        : (order: Uint32Array, start: number, end: number) =>
            engine.trainStep(engine.loadBatch(data, order, start, end));
    return {
      step,
      weights: () => engine.parameters(),
      close() {
        try {
          setFlatParameters(model, engine.parameters());
        } finally {
          releaseEngine(engine);
          releaseHelpers(helpers);
        }
      },
    };
  } catch (error) {
    releaseEngine(engine);
    releaseHelpers(helpers);
    throw error;
  }
}
