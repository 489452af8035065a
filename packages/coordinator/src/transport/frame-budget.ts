/**
 * The inbound frame budget of one connection (issue #16): a token bucket that a session must hold a
 * token in for every frame it sends, checked before the frame is decoded. An honest gateway sends a
 * handful of frames per round — Hello, one reply per task, heartbeats, maybe an Error or Bye — so a
 * budget of a few dozen frames and a few per second never binds it, while a flooding session runs dry
 * within its burst and is cut.
 */

/** A token bucket of frames: `burst` tokens at most, refilled at `ratePerSecond`, plus one per task sent. */
export class FrameBudget {
  private tokens: number;
  private last: number;

  /**
   * @param burst tokens the bucket holds when full (and starts with)
   * @param ratePerSecond tokens added per second of elapsed time, up to `burst`
   * @param now clock in ms (injected by unit tests; `performance.now` otherwise)
   */
  constructor(
    private readonly burst: number,
    private readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Spends a token on a frame; `false` when there is none (the frame is over the limit). */
  take(): boolean {
    const t = this.now();
    // Time refills only up to `burst`; tokens granted for expected replies may hold it above that.
    if (this.tokens < this.burst)
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Adds a token for a reply the coordinator asked for (a FitIns or EvaluateIns sent): a session is never
   * cut for answering its tasks, however fast rounds follow each other.
   */
  grant(): void {
    this.tokens += 1;
  }
}
