/** Documented defaults of @quakefed/seismic, merged as `{ ...DEFAULTS, ...opts }` by each API. */

/** Metrics defaults. */
export const METRIC_DEFAULTS = {
  /** Bins of a federated score histogram over [0, 1]. */
  histogramBins: 1000,
  /** Decision threshold on probabilities. */
  threshold: 0.5,
  /** Event matching tolerance around the true P arrival, seconds. */
  eventToleranceS: 2,
} as const;
