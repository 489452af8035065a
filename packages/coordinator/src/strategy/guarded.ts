/**
 * The default guard against poisoned or broken updates, wrapped around every strategy unless turned off:
 * - each update (client parameters − global model) is clipped to `normMultiplier` × the running
 *   `normQuantile`-quantile of recent update norms, so a ×100 update moves the model no further than a
 *   few of the larger honest ones;
 * - each num_examples is capped at `examplesMultiplier` × the running median of recent counts, so a
 *   client claiming 2^53 examples weighs no more than a couple of honest ones;
 * - the new global model is checked before it is returned: finite, and no further from the old one
 *   than `maxStepMultiple` × the round's `normQuantile` update norm — orders of magnitude beyond what
 *   the clients sent, which only a broken server step (a blown-up optimiser state) makes. A model that
 *   fails is refused (AggregationError QF_ERR_AGGREGATE_REFUSED): the round engine keeps the global
 *   model and retries the round.
 *
 * Running statistics rather than fixed bounds because the scale of honest updates depends on the model,
 * the data and the learning rate, and shrinks as training converges. The norm bound rests on a high
 * quantile (0.9 by default), not the median, because honest update norms are heavy-tailed in a seismic
 * federation: a station that saw no quake this round has a near-zero focal-loss gradient and sends an
 * update a few hundred times smaller than one that did (simulations/README.md "The guard's bound").
 * Half the stations never see a quake, so a median-based bound clipped every station that carries the
 * signal. The lower empirical quantile is an element with results above it — a single outlier never
 * sets it — and a hostile client must make up more than about a tenth of the window to raise it. They
 * are running statistics over the last `window` results (across rounds), so results are folded in as
 * they arrive and memory stays O(parameters) — except while fewer than `warmup` results have been seen,
 * when results are held back (at most `warmup` − 1 of them) until the statistics rest on enough of
 * them. The windows are strategy state (`series` of the checkpoint), so a restarted coordinator bounds
 * updates exactly as before; a checkpoint written before they were saved restores the inner strategy's
 * state and the guard warms up again.
 */
import type { Parameters } from '@quakefed/proto';
import { assertFinite, updateNorm } from '../aggregate.js';
import { GUARD_DEFAULTS, type GuardOptions } from '../defaults.js';
import { AggregationError, COORDINATOR_ERROR_CODES, OptionsError } from '../errors.js';
import { clipResult } from './clipped.js';
import { DelegatingStrategy } from './delegating.js';
import type { FitAggregator, FitResult, Strategy, StrategyState } from './types.js';

/** Median of a non-empty list (mean of the middle two for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The lower empirical `q`-quantile of a non-empty list: the value at index ⌊q·(n − 1)⌋ of the sorted
 * list, never interpolated towards the value above it. So at least one value lies above it whenever
 * q < 1 and n ≥ 2 — one outlier can never set it, however few values there are — and about (1 − q)·n
 * values lie above it in a long list.
 */
export function lowerQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** The last `size` values pushed. */
class Window {
  readonly values: number[] = [];
  constructor(private readonly size: number) {}
  push(value: number): void {
    this.values.push(value);
    if (this.values.length > this.size) this.values.shift();
  }
  /** Replaces the contents with the last `size` of `values` (a saved window, perhaps of another size). */
  restore(values: readonly number[]): void {
    this.values.splice(0, this.values.length, ...values.slice(-this.size));
  }
}

/** Names of the guard's windows in the checkpointed `series`. */
const NORMS_SERIES = 'guard.updateNorms';
const EXAMPLES_SERIES = 'guard.numExamples';

/** A clipping bound so small that it clips any update to nothing (all honest updates were zero). */
const TINY_NORM = 1e-30;

/** Wraps a strategy with the bounds above (see the file comment). */
export class GuardedStrategy extends DelegatingStrategy {
  readonly name: string;
  private readonly options: GuardOptions;
  private readonly norms: Window;
  private readonly examples: Window;

  /** @throws OptionsError for a multiplier below 1, or a window smaller than the warm-up */
  constructor(inner: Strategy, options: Partial<GuardOptions> = {}) {
    super(inner);
    this.options = { ...GUARD_DEFAULTS, ...options };
    const o = this.options;
    for (const key of ['normMultiplier', 'examplesMultiplier', 'maxStepMultiple'] as const) {
      if (!(o[key] >= 1 && Number.isFinite(o[key])))
        throw new OptionsError(`guard.${key} must be a finite number >= 1, got ${o[key]}`);
    }
    if (!(o.normQuantile >= 0.5 && o.normQuantile < 1))
      throw new OptionsError(`guard.normQuantile must be in [0.5, 1), got ${o.normQuantile}`);
    if (!(Number.isInteger(o.warmup) && o.warmup >= 1))
      throw new OptionsError(`guard.warmup must be an integer >= 1, got ${o.warmup}`);
    if (!(Number.isInteger(o.window) && o.window >= o.warmup)) {
      throw new OptionsError(`guard.window must be an integer >= guard.warmup (${o.warmup}), got ${o.window}`);
    }
    this.norms = new Window(o.window);
    this.examples = new Window(o.window);
    this.name = `guard(${inner.name})`;
  }

  /** The inner strategy's state plus the running windows, so the medians survive a restart. */
  override exportState(): StrategyState {
    const state = super.exportState();
    return {
      ...state,
      series: { ...state.series, [NORMS_SERIES]: [...this.norms.values], [EXAMPLES_SERIES]: [...this.examples.values] },
    };
  }

  /** Restores the windows when the checkpoint has them (else they stay empty: the guard warms up again). */
  override importState(state: StrategyState): void {
    const { [NORMS_SERIES]: norms = [], [EXAMPLES_SERIES]: examples = [], ...rest } = state.series ?? {};
    super.importState({ ...state, series: rest });
    this.norms.restore(norms);
    this.examples.restore(examples);
  }

  beginFit(round: number, parameters: Parameters): FitAggregator {
    const inner = this.inner.beginFit(round, parameters);
    const o = this.options;
    const held: FitResult[] = [];
    let clipped = 0;
    let capped = 0;
    let normBound = Number.NaN;
    const roundNorms: number[] = [];
    const forward = (result: FitResult): void => {
      normBound = Math.max(o.normMultiplier * lowerQuantile(this.norms.values, o.normQuantile), TINY_NORM);
      const cap = Math.max(1, Math.floor(o.examplesMultiplier * median(this.examples.values)));
      const c = clipResult(result, parameters, normBound);
      if (c.clipped) clipped += 1;
      if (result.numExamples > cap) capped += 1;
      inner.add({ ...c.result, numExamples: Math.min(result.numExamples, cap) });
    };
    const flush = (): void => {
      for (const result of held.splice(0)) forward(result);
    };
    return {
      add: (result) => {
        // The norm is measured before the result counts: a result that cannot be measured (layout,
        // NaN) is rejected as that client's failure and leaves the medians as they were.
        const norm = updateNorm(result.parameters, parameters);
        if (!Number.isFinite(norm))
          throw new AggregationError(COORDINATOR_ERROR_CODES.nonFinite, `update norm is ${norm}`);
        this.norms.push(norm);
        roundNorms.push(norm);
        this.examples.push(result.numExamples);
        if (this.norms.values.length < o.warmup) {
          held.push(result);
          return;
        }
        flush();
        forward(result);
      },
      get count() {
        return inner.count + held.length;
      },
      finish: (failures) => {
        flush();
        const out = inner.finish(failures);
        if (!out) return null;
        assertFinite(out.parameters);
        const step = updateNorm(out.parameters, parameters);
        const typical = lowerQuantile(roundNorms, o.normQuantile);
        if (step > o.maxStepMultiple * typical && step > 0) {
          throw new AggregationError(
            COORDINATOR_ERROR_CODES.aggregateRefused,
            `round ${round}: the new global model is ${step.toPrecision(4)} from the old one, over ${o.maxStepMultiple} × the round's ${o.normQuantile}-quantile update norm (${typical.toPrecision(4)})`,
          );
        }
        return {
          ...out,
          metrics: { ...out.metrics, guardClipped: clipped, guardCapped: capped, guardNormBound: normBound },
        };
      },
    };
  }
}
