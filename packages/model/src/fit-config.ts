/**
 * The fit-config contract: the keys a FitIns config map may carry and how they become training options.
 * It lives beside `TrainOptions`, which it feeds, and both ends use it: the client reads every task
 * with it (ignoring keys it does not know, so a newer coordinator can add settings), and the coordinator
 * checks its own fit config with it at start-up (rejecting unknown keys, so a typo is not silently
 * dropped), so that a config every client would refuse fails once, before the first round. It imports
 * nothing from tfjs: the coordinator loads it as `@quakefed/model/fit-config` without paying for tfjs.
 */
import type { ConfigMap } from '@quakefed/proto';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { resolveTrainOptions } from './train-options.js';
import type { TrainOptions } from './types.js';

// What a caller of this entry needs besides its functions: the error it throws.
export { ModelError } from './errors.js';

/** Numeric keys (each a field of `TrainOptions`). */
const NUMBER_KEYS = [
  'epochs',
  'batchSize',
  'learningRate',
  'momentum',
  'clipNorm',
  'focalAlpha',
  'focalGamma',
  'proxMu',
  'seed',
  'hardNegativeShare',
] as const;
/** String keys and the values each may take. */
const CHOICE_KEYS = { optimizer: ['adam', 'sgd'], loss: ['focal', 'bce', 'weighted-bce'] } as const;
/** Boolean keys. */
const BOOLEAN_KEYS = ['classBalanced'] as const;
/** The one key that is not a training option: this round's local data budget in windows (a positive integer). */
const BUDGET_KEY = 'maxWindows';

/** Every key a fit config may carry. */
export const FIT_CONFIG_KEYS: readonly string[] = [
  ...NUMBER_KEYS,
  ...Object.keys(CHOICE_KEYS),
  ...BOOLEAN_KEYS,
  BUDGET_KEY,
];

/** What a fit config asks for. */
export interface FitConfig {
  /** The training options it sets (the rest take `DEFAULT_TRAIN_OPTIONS`). */
  train: Partial<TrainOptions>;
  /** The round's data budget in windows; undefined: the client's own. */
  maxWindows?: number;
}

function bad(message: string): ModelError {
  return new ModelError(MODEL_ERROR_CODES.badOptions, `fit config: ${message}`);
}

/**
 * Reads and checks a fit config: the types of known keys, and the values as `trainLocal` would check
 * them (except FedProx's anchor, which the task's own global model provides).
 * @param unknownKeys `ignore` (a client: forward compatible) or `reject` (the coordinator's own config)
 * @throws ModelError `QF_ERR_BAD_OPTIONS` naming the key
 */
export function parseFitConfig(config: ConfigMap, unknownKeys: 'ignore' | 'reject' = 'ignore'): FitConfig {
  if (unknownKeys === 'reject') {
    const unknown = Object.keys(config).filter((key) => !FIT_CONFIG_KEYS.includes(key));
    if (unknown.length > 0)
      throw bad(
        `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${FIT_CONFIG_KEYS.join(', ')})`,
      );
  }
  const train: Record<string, unknown> = {};
  for (const key of NUMBER_KEYS) {
    const value = config[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw bad(`"${key}" must be a finite number, got ${JSON.stringify(value)}`);
    train[key] = value;
  }
  for (const [key, choices] of Object.entries(CHOICE_KEYS)) {
    const value = config[key];
    if (value === undefined) continue;
    if (!(choices as readonly unknown[]).includes(value))
      throw bad(`"${key}" must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
    train[key] = value;
  }
  for (const key of BOOLEAN_KEYS) {
    const value = config[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw bad(`"${key}" must be true or false, got ${JSON.stringify(value)}`);
    train[key] = value;
  }
  const { proxMu, ...rest } = train as Partial<TrainOptions>;
  try {
    resolveTrainOptions(rest);
  } catch (err) {
    throw err instanceof ModelError ? bad(err.message.replace(/^train options: /, '')) : err;
  }
  if (proxMu !== undefined && !(proxMu >= 0)) throw bad('proxMu must be ≥ 0');
  const maxWindows = config[BUDGET_KEY];
  if (maxWindows === undefined) return { train: train as Partial<TrainOptions> };
  if (!(typeof maxWindows === 'number' && Number.isInteger(maxWindows) && maxWindows > 0)) {
    throw bad(`"${BUDGET_KEY}" must be a positive integer, got ${JSON.stringify(maxWindows)}`);
  }
  return { train: train as Partial<TrainOptions>, maxWindows };
}
