/**
 * Update-norm clipping wrapper: each client's update (its parameters minus the global model) is scaled
 * down to at most `maxNorm` in L2 before the inner strategy aggregates it, bounding how far any one
 * client — faulty or malicious — can move the model in a round.
 */
import type { Parameters } from '@quakefed/proto';
import { clipUpdate } from '../aggregate.js';
import { OptionsError } from '../errors.js';
import { DelegatingStrategy } from './delegating.js';
import type { FitAggregator, Strategy } from './types.js';

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
        const c = clipUpdate(result.parameters, parameters, this.maxNorm);
        inner.add({ ...result, parameters: c.parameters, ...(c.scale < 1 ? { clipped: true } : {}) });
        if (c.scale < 1) clipped += 1;
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
