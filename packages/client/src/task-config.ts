/**
 * Reading FitIns / EvaluateIns config maps. Fit configs are read with the model package's
 * `parseFitConfig`, the parser the coordinator checks its own fit config with at start-up (keys: the
 * fields of `TrainOptions` plus `maxWindows`, this round's local data budget); evaluate configs carry
 * `threshold` / `bins`. Keys the client does not know are ignored, so a newer coordinator can add
 * settings without breaking older gateways; known keys of the wrong type are errors.
 */
import type { ConfigMap, ConfigValue } from '@quakefed/proto';
import { DEFAULT_TRAIN_OPTIONS, ModelError, parseFitConfig, type FitConfig, type TrainOptions } from '@quakefed/model';
import { ClientError, CLIENT_ERROR_CODES } from './errors.js';
import { countPositives } from '@quakefed/seismic';
import type { DataBudget } from './defaults.js';
import { budgetNegatives } from './data-source.js';

function badTask(message: string): ClientError {
  return new ClientError(CLIENT_ERROR_CODES.badTask, message);
}

function numberAt(config: ConfigMap, key: string): number | undefined {
  const value: ConfigValue | undefined = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badTask(`config "${key}" must be a finite number`);
  return value;
}

/** The fit config of a task; a config the client cannot use is the task's fault (`QF_ERR_BAD_TASK`). */
function fitConfigOf(config: ConfigMap): FitConfig {
  try {
    return parseFitConfig(config);
  } catch (err) {
    if (err instanceof ModelError) throw new ClientError(CLIENT_ERROR_CODES.badTask, err.message, { cause: err });
    throw err;
  }
}

/**
 * Local training options for one round: the model package's defaults, overridden by the FitIns config.
 * @param fallbackSeed used when the config has no `seed` (the client derives it from its id and the round)
 */
export function trainOptionsFromConfig(config: ConfigMap, fallbackSeed: number): TrainOptions {
  return { ...DEFAULT_TRAIN_OPTIONS, seed: fallbackSeed, ...fitConfigOf(config).train };
}

/**
 * This round's data budget: the client's own, with `maxWindows` lowered (never raised) by the config,
 * and mining candidates only when the config mines hard negatives.
 */
export function budgetFromConfig(config: ConfigMap, own: DataBudget): DataBudget {
  const fit = fitConfigOf(config);
  const mines = (fit.train.hardNegativeShare ?? 0) > 0;
  const budget = mines ? own : { ...own, miningCandidates: 1 };
  if (fit.maxWindows === undefined) return budget;
  const maxWindows = Math.min(own.maxWindows, fit.maxWindows);
  return { ...budget, maxWindows, minNegatives: Math.min(own.minNegatives, maxWindows) };
}

/**
 * The round's training options with the negatives each epoch trains on, when the round mines hard
 * negatives: the budget's own count (the rest of the drawn negatives are candidates).
 */
export function miningOptions(options: TrainOptions, labels: Uint8Array, budget: DataBudget): TrainOptions {
  if (!((options.hardNegativeShare ?? 0) > 0)) return options;
  return { ...options, negativesPerEpoch: budgetNegatives(countPositives(labels), budget) };
}

/** Decision threshold and histogram bins for an evaluation. */
export function evaluationSettings(
  config: ConfigMap,
  defaults: { threshold: number; bins: number },
): { threshold: number; bins: number } {
  const threshold = numberAt(config, 'threshold') ?? defaults.threshold;
  const bins = numberAt(config, 'bins') ?? defaults.bins;
  if (!(threshold >= 0 && threshold <= 1)) throw badTask('threshold must be in [0, 1]');
  if (!(Number.isInteger(bins) && bins >= 1)) throw badTask('bins must be a positive integer');
  return { threshold, bins };
}
