/**
 * The labelled windows one set (training or evaluation) keeps while an archive is scanned: every
 * positive, and a seeded uniform sample of at most `maxNegatives` negatives drawn by reservoir sampling
 * (Vitter's algorithm R). The sample is uniform over all the negatives offered without knowing their
 * number in advance, so what the pool holds never exceeds `positives + maxNegatives` windows, however
 * long the archive; a window's samples are cut only when it enters the pool.
 */
import type { Rng, WindowMeta, WindowSet } from '@quakefed/seismic';

/** A kept window: its preprocessed samples ([length, channels], channels last) and its meta. */
interface KeptWindow {
  meta: WindowMeta;
  x: Float32Array;
}

/** Every positive and a reservoir sample of the negatives offered to it. */
export class WindowPool {
  private readonly positives: KeptWindow[] = [];
  private readonly negatives: KeptWindow[] = [];
  private negativesOffered = 0;

  /**
   * @param maxNegatives most negatives held (a positive integer)
   * @param rng draws which negatives stay; seeded, so a scan in the same order keeps the same ones
   */
  constructor(
    private readonly maxNegatives: number,
    private readonly rng: Rng,
  ) {}

  /** Labelled windows offered so far (kept or not). */
  get offered(): number {
    return this.positives.length + this.negativesOffered;
  }

  /** Positive windows offered so far (all of them are kept). */
  get positiveCount(): number {
    return this.positives.length;
  }

  /** Windows held now: every positive and at most `maxNegatives` negatives. */
  get held(): number {
    return this.positives.length + this.negatives.length;
  }

  /**
   * Offers a labelled window; `cut` returns its samples and is called only if the window is kept
   * (cutting and preprocessing is most of the cost of a window).
   */
  offer(meta: WindowMeta, cut: () => Float32Array): void {
    if (meta.label === 1) {
      this.positives.push({ meta, x: cut() });
      return;
    }
    const seen = this.negativesOffered++;
    if (seen < this.maxNegatives) {
      this.negatives.push({ meta, x: cut() });
      return;
    }
    const slot = this.rng.int(seen + 1);
    if (slot < this.maxNegatives) this.negatives[slot] = { meta, x: cut() };
  }

  /** The held windows as one set, in time order. */
  toWindowSet(length: number, channels: number): WindowSet {
    const kept = [...this.positives, ...this.negatives].sort((a, b) => a.meta.startTime - b.meta.startTime);
    const stride = length * channels;
    const x = new Float32Array(kept.length * stride);
    kept.forEach((w, k) => x.set(w.x, k * stride));
    return {
      x,
      labels: Uint8Array.from(kept, (w) => w.meta.label),
      count: kept.length,
      length,
      channels,
      meta: kept.map((w) => w.meta),
    };
  }
}
