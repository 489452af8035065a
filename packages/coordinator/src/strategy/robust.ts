/**
 * Coordinate-wise robust aggregation wrapper (median or trimmed mean; Yin et al. 2018). It must see
 * every update at once, so it buffers them: memory is O(clients × parameters) by nature, unlike the
 * streaming mean. The robust aggregate is then handed to the inner strategy as a single result, so a
 * server optimiser (e.g. FedAdam) still applies on top of it.
 */
import type { Parameters } from '@quakefed/proto';
import { assertFinite, assertSameLayout, coordinateMedian, trimmedMean } from '../aggregate.js';
import type { RobustMethod } from '../defaults.js';
import { OptionsError } from '../errors.js';
import { DelegatingStrategy } from './delegating.js';
import { WeightedMetrics } from './metrics.js';
import type { FitAggregator, Strategy } from './types.js';

/** Client id under which the robust aggregate reaches the inner strategy. */
const AGGREGATE_ID = 'robust-aggregate';

export class RobustStrategy extends DelegatingStrategy {
  readonly name: string;

  constructor(
    inner: Strategy,
    private readonly method: RobustMethod,
    private readonly trimFraction = 0.1,
  ) {
    super(inner);
    if (method !== 'median' && method !== 'trimmed-mean') throw new OptionsError(`unknown robust method "${method}"`);
    if (!(trimFraction >= 0 && trimFraction < 0.5)) {
      throw new OptionsError(`trimFraction must be in [0, 0.5), got ${trimFraction}`);
    }
    this.name = `${method}(${inner.name})`;
  }

  beginFit(round: number, parameters: Parameters): FitAggregator {
    const updates: Parameters[] = [];
    const metrics = new WeightedMetrics();
    let examples = 0;
    return {
      add: (result) => {
        // Validate on arrival (not at finish) so a bad update is rejected as that client's failure.
        assertSameLayout(parameters, result.parameters);
        assertFinite(result.parameters);
        updates.push(result.parameters);
        metrics.add(result.metrics, result.numExamples);
        examples += result.numExamples;
      },
      get count() {
        return updates.length;
      },
      finish: (failures) => {
        if (updates.length === 0) return null;
        const robust = this.method === 'median' ? coordinateMedian(updates) : trimmedMean(updates, this.trimFraction);
        const inner = this.inner.beginFit(round, parameters);
        inner.add({ clientId: AGGREGATE_ID, parameters: robust, numExamples: examples, metrics: {} });
        const out = inner.finish(failures);
        if (!out) return null;
        const roundMetrics = { ...out.metrics, ...metrics.result(), clients: updates.length, examples };
        // floor(fraction × n) is 0 below 1 / fraction clients: the "robust" mean is then the plain one.
        const trimsNothing = this.method === 'trimmed-mean' && Math.floor(this.trimFraction * updates.length) === 0;
        const warnings = trimsNothing
          ? [
              `trimmed mean with trimFraction ${this.trimFraction} trims nothing from ${updates.length} updates: it is the plain mean this round`,
            ]
          : [];
        return { parameters: out.parameters, metrics: roundMetrics, ...(warnings.length > 0 ? { warnings } : {}) };
      },
    };
  }
}
