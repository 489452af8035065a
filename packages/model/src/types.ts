/** Public types of @quakefed/model. */
import type { Parameters } from '@quakefed/proto';
import type { ConfusionCounts, ScoreHistogram } from '@quakefed/seismic';

/** Backend preference for {@link initBackend}. 'auto': env `QUAKEFED_BACKEND`, else tfjs-node, else wasm-qf. */
export type BackendPreference = 'auto' | 'tfjs-node' | 'wasm-qf' | 'wasm' | 'cpu';
/** A backend configuration actually in use. */
export type BackendName = Exclude<BackendPreference, 'auto'>;

/**
 * What runs training and scoring: 'fused' the fused wasm engine (engine/: the reference classifier
 * family only, any backend), 'graph' the layers model's tfjs graph (the reference implementation),
 * 'auto' the fused engine when the backend is wasm-qf and the model fits it, else the graph. The
 * environment variable `QUAKEFED_ENGINE` decides for 'auto' when set.
 */
export type EnginePreference = 'auto' | 'fused' | 'graph';

/** Architecture of the reference classifier (see README for the default's table). */
export interface ModelConfig {
  /** Samples per window (10 s at 100 Hz = 1000). */
  windowLength: number;
  /** Input channels, order Z,N,E (1 for Z-only stations). */
  channels: number;
  /**
   * Frames averaged into one before the first conv layer (keras AveragePooling1D, 'valid'); 1: none.
   * 2 turns 100 Hz windows into 50 Hz ones: the band-pass stops at 20 Hz, below the new Nyquist
   * frequency, and every layer then costs half as much.
   */
  inputPool: number;
  /** Filters of each conv1d layer, in order; the stack's depth is `filters.length`. */
  filters: number[];
  /** Kernel width of every conv layer. */
  kernelSize: number;
  /** Stride of every conv layer ('same' padding, so each layer divides the length by it, rounding up). */
  strides: number;
  /** Prior quake probability π the output bias starts at: b = −log((1−π)/π). */
  priorProbability: number;
  /** Seed of the weight initialisers. */
  seed: number;
}

/** Labelled windows, channels last: the layout of @quakefed/seismic's `WindowSet`. */
export interface WindowData {
  /** [count, length, channels] row-major. */
  x: Float32Array;
  /** 1 quake, 0 not; one per window. */
  labels: Uint8Array;
  count: number;
  length: number;
  channels: number;
}

/** Loss names; all work from logits. */
export type LossName = 'focal' | 'bce' | 'weighted-bce';

/** Loss selection shared by training and evaluation. */
export interface LossOptions {
  loss: LossName;
  /** Focal α: weight of the positive class (negatives get 1 − α). */
  focalAlpha: number;
  /** Focal γ: down-weights easy windows by (1 − p_t)^γ; 0 gives α-weighted BCE. */
  focalGamma: number;
  /**
   * Weight of positive windows for 'weighted-bce' (negatives weigh 1). Undefined: the local
   * negative/positive ratio of the training data (1 when a class is missing).
   */
  positiveWeight?: number;
}

/** Options of {@link trainLocal}; defaults in `DEFAULT_TRAIN_OPTIONS`. */
export interface TrainOptions extends LossOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  /** Heavy-ball momentum of 'sgd' in [0, 1) (0: plain SGD); ignored by 'adam'. */
  momentum?: number;
  /** Clip each step's gradient to this global L2 norm (> 0); undefined: no clipping. */
  clipNorm?: number;
  /** FedProx μ: adds μ·‖w − w_global‖²/2 to the loss; needs `globalParameters` when > 0. */
  proxMu?: number;
  /** The round's global weights (the FedProx anchor). */
  globalParameters?: Parameters;
  /** Draw each window of an epoch from quake/noise with probability ½ each (with replacement). */
  classBalanced?: boolean;
  /** Seed of shuffling / sampling. */
  seed: number;
  /**
   * Negatives each epoch trains on (every positive always does); the data's other negatives are only
   * candidates for {@link hardNegativeShare}. Undefined: every window, every epoch. Not with `classBalanced`.
   */
  negativesPerEpoch?: number;
  /**
   * Share, in [0, 1], of each epoch's `negativesPerEpoch` taken as the candidates the weights at the
   * start of the epoch score highest (hard-negative mining, negative-mining.ts); the rest are drawn at
   * random. Undefined or 0: all drawn at random. Without `negativesPerEpoch` there is nothing to choose.
   */
  hardNegativeShare?: number;
  /**
   * Stochastic weight averaging (Izmailov et al., 2018): from this epoch on (1-based), the weights at
   * the end of each epoch are averaged, and training ends on their mean instead of the last weights.
   * The mean of a constant-learning-rate walk lies in a flatter part of the loss surface, which
   * generalises better to data unlike the training set. Undefined: the last weights.
   */
  averageFromEpoch?: number;
  /** Fused engine or tfjs graph; undefined: 'auto'. Same results within float32 rounding. */
  engine?: EnginePreference;
  /**
   * Threads one step's batch is shared between (the fused engine only; the tfjs graph ignores it):
   * each extra thread is a worker computing the gradient of its share. Pays only where cores are
   * free: a step waits for its slowest share. Undefined: 1.
   */
  threads?: number;
}

/** What local training returns. */
export interface TrainResult {
  /** The trained weights, in `getParameters` order. */
  parameters: Parameters;
  /** Windows the weights were trained on per epoch (the FedAvg weight): the dataset size, less the negatives mining left out. */
  numExamples: number;
  /**
   * `loss` (last epoch mean), `loss_epoch_<i>` (1-based), `windows_per_s`, `steps`, `seconds`; with
   * `averageFromEpoch`, `averaged_epochs` (how many epoch-end weights the result is the mean of).
   */
  metrics: Record<string, number>;
}

/** Options of {@link evaluateModel}; defaults in `DEFAULT_EVALUATE_OPTIONS`. */
export interface EvaluateOptions extends LossOptions {
  /** Score threshold for the confusion counts. */
  threshold: number;
  /** Bins of the score histogram. */
  bins: number;
  /** Inference batch size. */
  batchSize: number;
  /** Fused engine or tfjs graph; undefined: 'auto'. */
  engine?: EnginePreference;
}

/** What evaluation returns; counts and histograms merge exactly across clients. */
export interface EvaluateResult {
  /** Mean loss per window. */
  loss: number;
  numExamples: number;
  confusion: ConfusionCounts;
  histogram: ScoreHistogram;
}
