/** Builds a strategy (base + optional wrappers) from a declarative {@link StrategySpec}. */
import type { Parameters } from '@quakefed/proto';
import { STRATEGY_DEFAULTS, type StrategySpec } from '../defaults.js';
import { OptionsError } from '../errors.js';
import { ClippedStrategy } from './clipped.js';
import { GuardedStrategy } from './guarded.js';
import { isStrategyName, STRATEGY_NAMES, STRATEGY_REGISTRY } from './registry.js';
import { RobustStrategy } from './robust.js';
import type { Strategy } from './types.js';

/**
 * Creates the strategy a spec describes. Wrapping order: robust aggregation replaces the weighted mean
 * inside the base strategy's server update, fixed clipping applies to each update before that, and the
 * guard (on unless `guard: null`) sees each update first and the new model last: `guard(clip(robust(base)))`.
 */
export function createStrategy(spec: StrategySpec, initialParameters: Parameters | null = null): Strategy {
  const { name, clipNorm, robust, trimFraction, guard, ...options } = { ...STRATEGY_DEFAULTS, ...spec };
  const base = { ...options, initialParameters: options.initialParameters ?? initialParameters };
  if (!isStrategyName(name))
    throw new OptionsError(`unknown strategy "${String(name)}" (${STRATEGY_NAMES.join(', ')})`);
  let strategy: Strategy = STRATEGY_REGISTRY[name].create(base);
  if (robust) strategy = new RobustStrategy(strategy, robust, trimFraction);
  if (clipNorm !== null && clipNorm !== undefined) strategy = new ClippedStrategy(strategy, clipNorm);
  if (guard) strategy = new GuardedStrategy(strategy, guard);
  return strategy;
}
