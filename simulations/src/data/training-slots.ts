/**
 * A bound on how many simulated stations hold a round's training windows at once. Every sampled
 * station asks for its windows when its FitIns arrives, but the training pool trains a few at a time:
 * without a bound, hundreds of stations' windows (and the pool's queued copies) waited in memory —
 * about a gigabyte per round at 1,000 stations. A station takes a slot before synthesizing its windows
 * and gives it back when its fit is over (`SimulatedStationSource.trainingDone`).
 */
export class TrainingSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0))
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.free = capacity;
  }

  /** Slots taken now. */
  get taken(): number {
    return this.capacity - this.free;
  }

  /** Resolves with the release of a slot once one is free (first come, first served). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
