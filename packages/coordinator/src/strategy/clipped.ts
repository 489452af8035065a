/**
 * Update-norm clipping wrapper: each client's update (its parameters minus the global model) is scaled
 * down to at most `maxNorm` in L2 before the inner strategy aggregates it, bounding how far any one
 * client — faulty or malicious — can move the model in a round.
 */
import type { Parameters } from '@quakefed/proto';
import { clipUpdate } from '../aggregate.js';
import { OptionsError } from '../errors.js';
import { DelegatingStrategy } from './delegating.js';
import type { FitAggregator, FitResult, Strategy } from './types.js';

/**
 * `result` with its update clipped to `maxNorm`, marked `clipped` when that shortened it (what a server
 * step that extrapolates from update lengths must know), and the update's norm before clipping.
 */
export function clipResult(
  result: FitResult,
  reference: Parameters,
  maxNorm: number,
): { result: FitResult; clipped: boolean; norm: number } {
  const c = clipUpdate(result.parameters, reference, maxNorm);
  const clipped = c.scale < 1;
  return { result: { ...result, parameters: c.parameters, ...(clipped ? { clipped } : {}) }, clipped, norm: c.norm };
}

export class ClippedStrategy extends DelegatingStrategy {
  readonly name: string;

  constructor(
    inner: Strategy,
    private readonly maxNorm: number,
  ) {
    super(inner);
    if (!(maxNorm > 0 && Number.isFinite(maxNorm))) throw new OptionsError(`clipNorm must be > 0, got ${maxNorm}`);
    this.name = `clip(${inner.name})`;
  }

  beginFit(round: number, parameters: Parameters): FitAggregator {
    const inner = this.inner.beginFit(round, parameters);
    let clipped = 0;
    let maxSeen = 0;
    return {
      add: (result) => {
        const c = clipResult(result, parameters, this.maxNorm);
        inner.add(c.result);
        if (c.clipped) clipped += 1;
        maxSeen = Math.max(maxSeen, c.norm);
      },
      get count() {
        return inner.count;
      },
      finish: (failures) => {
        const out = inner.finish(failures);
        return out && { ...out, metrics: { ...out.metrics, clipped, maxUpdateNorm: maxSeen } };
      },
    };
  }
}
