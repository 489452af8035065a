/**
 * Training options, merged over their defaults and checked. Kept apart from the training loop (train.ts)
 * because it imports nothing from tfjs: the fit-config parser uses it, and the coordinator checks its
 * fit config with that parser without loading tfjs.
 */
import { DEFAULT_TRAIN_OPTIONS, ENGINE_PREFERENCES } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import type { TrainOptions } from './types.js';

/** Merges `options` over DEFAULT_TRAIN_OPTIONS and rejects invalid or contradictory values. */
export function resolveTrainOptions(options: Partial<TrainOptions> = {}): TrainOptions {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const bad = (msg: string): never => {
    throw new ModelError(MODEL_ERROR_CODES.badOptions, `train options: ${msg}`);
  };
  if (!Number.isInteger(opts.epochs) || opts.epochs < 1) bad('epochs must be an integer ≥ 1');
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) bad('batchSize must be an integer ≥ 1');
  if (!(opts.learningRate > 0)) bad('learningRate must be > 0');
  if (opts.optimizer !== 'adam' && opts.optimizer !== 'sgd') bad(`unknown optimizer "${String(opts.optimizer)}"`);
  const momentum = opts.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1)) bad('momentum must be in [0, 1)');
  if (opts.clipNorm !== undefined && !(opts.clipNorm > 0)) bad('clipNorm must be > 0');
  const mu = opts.proxMu ?? 0;
  if (!(mu >= 0)) bad('proxMu must be ≥ 0');
  if (mu > 0 && !opts.globalParameters) bad('proxMu > 0 needs globalParameters (the FedProx anchor)');
  if (!Number.isInteger(opts.seed)) bad('seed must be an integer');
  if (opts.threads !== undefined && !(Number.isInteger(opts.threads) && opts.threads >= 1)) {
    bad('threads must be an integer ≥ 1');
  }
  if (
    opts.averageFromEpoch !== undefined &&
    !(Number.isInteger(opts.averageFromEpoch) && opts.averageFromEpoch >= 1 && opts.averageFromEpoch <= opts.epochs)
  ) {
    bad(`averageFromEpoch must be an integer in [1, epochs = ${opts.epochs}]`);
  }
  if (
    opts.negativesPerEpoch !== undefined &&
    !(Number.isInteger(opts.negativesPerEpoch) && opts.negativesPerEpoch >= 1)
  ) {
    bad('negativesPerEpoch must be an integer ≥ 1');
  }
  if (opts.negativesPerEpoch !== undefined && opts.classBalanced)
    bad('negativesPerEpoch and classBalanced exclude each other');
  const share = opts.hardNegativeShare ?? 0;
  if (!(share >= 0 && share <= 1)) bad('hardNegativeShare must be in [0, 1]');
  if (opts.engine !== undefined && !ENGINE_PREFERENCES.includes(opts.engine)) bad(`unknown engine "${opts.engine}"`);
  return opts;
}
