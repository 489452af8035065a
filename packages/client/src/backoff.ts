/**
 * Reconnect delays: exponential backoff with "full jitter" (AWS architecture blog, "Exponential Backoff
 * And Jitter"): delay = uniform(0, min(cap, base · factor^attempt)). Full jitter spreads hundreds of
 * gateways that lost the coordinator at the same instant over the whole window, so a restarted
 * coordinator is not hit by a synchronised stampede.
 */

/** Parameters of the schedule (all in milliseconds except `factor`). */
export interface BackoffOptions {
  /** Upper bound of the first delay. */
  baseMs: number;
  /** Growth of the upper bound per failed attempt. */
  factor: number;
  /** Largest upper bound, whatever the attempt count. */
  maxMs: number;
}

/** A reconnect schedule; `reset()` after a session that proved stable (not merely Welcomed). */
export class Backoff {
  private attempt = 0;

  /** @param random a source of uniform numbers in [0,1): seeded in tests, Math.random in production. */
  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number,
  ) {}

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** Upper bound of the delay for a given attempt (0-based): min(max, base · factor^attempt). */
  ceilingMs(attempt: number): number {
    const { baseMs, factor, maxMs } = this.options;
    // Computed in log space so a gateway that has been offline for weeks cannot overflow to Infinity.
    const exponent = Math.min(attempt, Math.ceil(Math.log(maxMs / baseMs) / Math.log(factor)) + 1);
    return Math.min(maxMs, baseMs * factor ** Math.max(0, exponent));
  }

  /** The next delay to wait before reconnecting; advances the attempt counter. */
  nextDelayMs(): number {
    const ceiling = this.ceilingMs(this.attempt);
    this.attempt += 1;
    return Math.floor(this.random() * ceiling);
  }

  /** Starts the schedule again from the first (shortest) ceiling. */
  reset(): void {
    this.attempt = 0;
  }
}
