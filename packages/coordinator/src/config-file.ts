/** The optional JSON config file of `quakefed coordinator`: any subset of {@link CoordinatorOptions}. */
import { readFile } from 'node:fs/promises';
import { COORDINATOR_DEFAULTS, STRATEGY_DEFAULTS, type CoordinatorOptions } from './defaults.js';
import { OptionsError } from './errors.js';
import { COMMON_STRATEGY_KEYS, STRATEGY_REGISTRY, type StrategyEntry } from './strategy/registry.js';

/** Strategy keys a config file may set (beyond STRATEGY_DEFAULTS' own). */
const STRATEGY_KEYS = new Set<string>([
  ...Object.keys(STRATEGY_DEFAULTS),
  ...COMMON_STRATEGY_KEYS,
  ...Object.values(STRATEGY_REGISTRY).flatMap((entry: StrategyEntry) => entry.optionKeys),
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks that `value` is an options object with only known keys (a typo must not be silently ignored).
 * Values are validated later, by `resolveCoordinatorOptions`.
 * @throws OptionsError naming the unknown key
 */
export function parseCoordinatorConfig(value: unknown, source = 'config'): Partial<CoordinatorOptions> {
  if (!isObject(value)) throw new OptionsError(`${source}: expected a JSON object`);
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(COORDINATOR_DEFAULTS, key)) throw new OptionsError(`${source}: unknown option "${key}"`);
  }
  if (value.strategy !== undefined) {
    if (!isObject(value.strategy)) throw new OptionsError(`${source}: "strategy" must be an object`);
    for (const key of Object.keys(value.strategy)) {
      if (!STRATEGY_KEYS.has(key)) throw new OptionsError(`${source}: unknown strategy option "${key}"`);
    }
  }
  return value as Partial<CoordinatorOptions>;
}

/** Reads and checks a JSON config file. @throws OptionsError if unreadable, not JSON or with unknown keys */
export async function readCoordinatorConfig(path: string): Promise<Partial<CoordinatorOptions>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new OptionsError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    return parseCoordinatorConfig(JSON.parse(text), path);
  } catch (err) {
    if (err instanceof OptionsError) throw err;
    throw new OptionsError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Layers option sources: later ones win; `strategy` and its `fitConfig` merge key by key. */
export function mergeCoordinatorOptions(...sources: Partial<CoordinatorOptions>[]): Partial<CoordinatorOptions> {
  const out: Partial<CoordinatorOptions> = {};
  for (const s of sources) {
    const before = out.strategy;
    Object.assign(out, s);
    if (before && s.strategy) {
      const fitConfig =
        before.fitConfig || s.strategy.fitConfig ? { ...before.fitConfig, ...s.strategy.fitConfig } : undefined;
      out.strategy = { ...before, ...s.strategy, ...(fitConfig ? { fitConfig } : {}) };
    }
  }
  return out;
}
