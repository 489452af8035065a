/**
 * Job module of the training pool (runs inside each worker thread). Fit and evaluate go through the
 * client package's own `InProcessTrainer`, so simulated stations train exactly as a gateway does;
 * `predict` scores windows for the simulator's held-out evaluation. The backend and the model are set
 * up once per worker and reused for every job.
 */
import { workerData } from 'node:worker_threads';
import {
  InProcessTrainer,
  type EvaluateOutcome,
  type EvaluateTask,
  type FitOutcome,
  type FitTask,
} from '@quakefed/client';
import { buildModel, getParameters, predictScores, setParameters } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import {
  makeLabelledWindows,
  type LabelledWindowOptions,
  type StationProfile,
  type WindowSet,
} from '@quakefed/seismic';
import { serveJobs } from './serve.js';
import type { TrainingPoolInit } from './training-pool.js';

/** Requests the training pool serves. */
export type TrainingJob =
  | { kind: 'backend' }
  /** Weights of a freshly built model (the model config's seed makes them reproducible). */
  | { kind: 'initialParameters' }
  | { kind: 'fit'; task: FitTask }
  | { kind: 'evaluate'; task: EvaluateTask }
  /** Probabilities for `count` windows laid out as in a WindowSet's `x`. */
  | { kind: 'predict'; parameters: Parameters; x: Float32Array; count: number }
  /** Synthesizes a station's labelled windows (generation is as costly as training, so it is pooled too). */
  | { kind: 'labelledWindows'; profile: StationProfile; options: LabelledWindowOptions };

export type TrainingJobResult = string | Parameters | FitOutcome | EvaluateOutcome | Float32Array | WindowSet;

const init = (workerData as { init: TrainingPoolInit }).init;
const trainer = new InProcessTrainer(init.modelConfig, init.backend);
let scorer: ReturnType<typeof buildModel> | null = null;

/** The worker's scoring model, built on first use (the backend must be initialised). */
function scorerModel(): ReturnType<typeof buildModel> {
  scorer ??= buildModel(init.modelConfig);
  return scorer;
}

serveJobs<TrainingJob, TrainingJobResult>(async (job) => {
  switch (job.kind) {
    case 'backend':
      return { result: await trainer.backend() };
    case 'initialParameters': {
      await trainer.backend();
      // A model of its own: the scorer's weights are whatever the last `predict` set.
      const fresh = buildModel(init.modelConfig);
      const parameters = getParameters(fresh);
      fresh.dispose();
      return { result: parameters };
    }
    case 'fit': {
      const out = await trainer.fit(job.task);
      return { result: out, transfer: out.parameters.map((p) => p.data.buffer as ArrayBuffer) };
    }
    case 'evaluate':
      return { result: await trainer.evaluate(job.task) };
    case 'predict': {
      await trainer.backend();
      const scorer = scorerModel();
      setParameters(scorer, job.parameters);
      const scores = await predictScores(scorer, job.x, job.count);
      return { result: scores, transfer: [scores.buffer as ArrayBuffer] };
    }
    case 'labelledWindows': {
      const { x, labels, count, length, channels } = makeLabelledWindows(job.profile, job.options);
      return { result: { x, labels, count, length, channels }, transfer: [x.buffer as ArrayBuffer] };
    }
  }
});
