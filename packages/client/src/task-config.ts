/**
 * Reading FitIns / EvaluateIns config maps. Keys are the field names of the model package's
 * `TrainOptions` (`epochs`, `batchSize`, `learningRate`, `optimizer`, `momentum`, `clipNorm`, `loss`, `focalAlpha`,
 * `focalGamma`, `proxMu`, `classBalanced`, `seed`), plus `maxWindows` (this round's local data budget)
 * for fit and `threshold` / `bins` for evaluate. Keys the client does not know are ignored, so a newer
 * coordinator can add settings without breaking older gateways; known keys of the wrong type are errors.
 */
import type { ConfigMap, ConfigValue } from '@quakefed/proto';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '@quakefed/model';
import { ClientError, CLIENT_ERROR_CODES } from './errors.js';
import type { DataBudget } from './defaults.js';

function badTask(message: string): ClientError {
  return new ClientError(CLIENT_ERROR_CODES.badTask, message);
}

function numberAt(config: ConfigMap, key: string): number | undefined {
  const value: ConfigValue | undefined = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badTask(`config "${key}" must be a finite number`);
  return value;
}

function stringAt(config: ConfigMap, key: string): string | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badTask(`config "${key}" must be a string`);
  return value;
}

function booleanAt(config: ConfigMap, key: string): boolean | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw badTask(`config "${key}" must be a boolean`);
  return value;
}

/** Drops undefined entries so they do not override defaults in a spread. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Local training options for one round: the model package's defaults, overridden by the FitIns config.
 * @param fallbackSeed used when the config has no `seed` (the client derives it from its id and the round)
 */
export function trainOptionsFromConfig(config: ConfigMap, fallbackSeed: number): TrainOptions {
  const optimizer = stringAt(config, 'optimizer');
  if (optimizer !== undefined && optimizer !== 'adam' && optimizer !== 'sgd') throw badTask(`unknown optimizer "${optimizer}"`);
  const loss = stringAt(config, 'loss');
  if (loss !== undefined && loss !== 'focal' && loss !== 'bce' && loss !== 'weighted-bce') throw badTask(`unknown loss "${loss}"`);
  const options: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    seed: fallbackSeed,
    ...defined({
      epochs: numberAt(config, 'epochs'),
      batchSize: numberAt(config, 'batchSize'),
      learningRate: numberAt(config, 'learningRate'),
      optimizer,
      momentum: numberAt(config, 'momentum'),
      clipNorm: numberAt(config, 'clipNorm'),
      loss,
      focalAlpha: numberAt(config, 'focalAlpha'),
      focalGamma: numberAt(config, 'focalGamma'),
      proxMu: numberAt(config, 'proxMu'),
      classBalanced: booleanAt(config, 'classBalanced'),
      seed: numberAt(config, 'seed'),
    }),
  } as TrainOptions;
  if (!(Number.isInteger(options.epochs) && options.epochs >= 1)) throw badTask('epochs must be a positive integer');
  if (!(Number.isInteger(options.batchSize) && options.batchSize >= 1)) throw badTask('batchSize must be a positive integer');
  if (!(options.learningRate > 0)) throw badTask('learningRate must be > 0');
  if (!((options.momentum ?? 0) >= 0 && (options.momentum ?? 0) < 1)) throw badTask('momentum must be in [0, 1)');
  if (options.clipNorm !== undefined && !(options.clipNorm > 0)) throw badTask('clipNorm must be > 0');
  return options;
}

/** This round's data budget: the client's own, with `maxWindows` lowered (never raised) by the config. */
export function budgetFromConfig(config: ConfigMap, own: DataBudget): DataBudget {
  const requested = numberAt(config, 'maxWindows');
  if (requested === undefined) return own;
  if (!(Number.isInteger(requested) && requested > 0)) throw badTask('maxWindows must be a positive integer');
  const maxWindows = Math.min(own.maxWindows, requested);
  return { ...own, maxWindows, minNegatives: Math.min(own.minNegatives, maxWindows) };
}

/** Decision threshold and histogram bins for an evaluation. */
export function evaluationSettings(config: ConfigMap, defaults: { threshold: number; bins: number }): { threshold: number; bins: number } {
  const threshold = numberAt(config, 'threshold') ?? defaults.threshold;
  const bins = numberAt(config, 'bins') ?? defaults.bins;
  if (!(threshold >= 0 && threshold <= 1)) throw badTask('threshold must be in [0, 1]');
  if (!(Number.isInteger(bins) && bins >= 1)) throw badTask('bins must be a positive integer');
  return { threshold, bins };
}
