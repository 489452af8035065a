/** Defaults and constants of @quakefed/model (merged as `{...DEFAULTS, ...opts}`). */
import { fileURLToPath } from 'node:url';
import { METRIC_DEFAULTS } from '@quakefed/seismic';
import type { BackendName, EnginePreference, EvaluateOptions, ModelConfig, TrainOptions } from './types.js';

/** Environment variable that overrides `initBackend('auto')`. */
export const BACKEND_ENV_VAR = 'QUAKEFED_BACKEND';

/** The values of an `EnginePreference`. */
export const ENGINE_PREFERENCES: readonly EnginePreference[] = ['auto', 'fused', 'graph'];
/** Environment variable that overrides the 'auto' engine preference ('fused' or 'graph'). */
export const ENGINE_ENV_VAR = 'QUAKEFED_ENGINE';

/** Order in which 'auto' tries backends. */
export const AUTO_BACKEND_ORDER: readonly BackendName[] = ['tfjs-node', 'wasm-qf'];

/**
 * The reference classifier: the input averaged over pairs of frames, 9 conv1d layers (kernel 3,
 * stride 2, ReLU) with 4→64 filters doubling every second layer, global average pooling, one logit.
 * 24,825 parameters for 3000×3 input (30 s at 100 Hz: a local event's P and, up to S − P ≈ 23 s, its
 * S in one window; see `WINDOW_DEFAULTS`). The pooling makes the windows 50 Hz ones: the band-pass
 * stops at 20 Hz, so nothing the model could use is lost, and every layer costs half what it does at
 * 100 Hz (≈319k multiply-adds a window, 0.85× the 10 s, 8-layer model's), with a receptive field of
 * ~20 s. On the tuning sets and the real development events it detects as well as the unpooled model
 * or better (packages/model/README.md).
 */
export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
  windowLength: 3000,
  channels: 3,
  inputPool: 2,
  filters: Object.freeze([4, 8, 8, 16, 16, 32, 32, 64, 64]) as number[],
  kernelSize: 3,
  strides: 2,
  priorProbability: 0.01,
  seed: 1,
});

/** Local training defaults: one epoch of Adam with focal loss (α 0.25, γ 2). */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  epochs: 1,
  batchSize: 32,
  learningRate: 1e-3,
  optimizer: 'adam',
  momentum: 0,
  loss: 'focal',
  focalAlpha: 0.25,
  focalGamma: 2,
  proxMu: 0,
  classBalanced: false,
  seed: 0,
});

/** Adam hyper-parameters (tfjs' defaults; ε is tfjs' float32 backend epsilon). */
export const ADAM_DEFAULTS = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });

/** Evaluation defaults: focal loss, the metrics threshold and histogram bins of the seismic package, batches of 256. */
export const DEFAULT_EVALUATE_OPTIONS: Readonly<EvaluateOptions> = Object.freeze({
  loss: 'focal',
  focalAlpha: 0.25,
  focalGamma: 2,
  threshold: METRIC_DEFAULTS.threshold,
  bins: METRIC_DEFAULTS.histogramBins,
  batchSize: 256,
});

/** File names of the tfjs layers format. */
export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
/** File of a model directory holding its calibrated thresholds (see operating-points.ts). */
export const OPERATING_POINTS_FILE = 'operating-points.json';

/**
 * The model shipped in the repository (`models/default/`: model.json, weights.bin, its operating
 * points and the manifest of the `quakefed pretrain` run that made it): what `quakefed detect` uses
 * without `--model` and what the simulator's federations start from.
 */
export const SHIPPED_MODEL_DIR = fileURLToPath(new URL('../../../models/default', import.meta.url));
