/**
 * A bounded cache of synthesized window sets, shared by all the stations of a population. Stations
 * synthesize their windows from seeds, so a set dropped from the cache is made again, identical, the
 * next time a round draws it: memory stays bounded by the cache's budget (least recently used sets go
 * first) instead of growing with every block any station ever drew, which at 1,000 stations held
 * gigabytes after a few rounds.
 */
import { stationId, type LabelledWindowOptions, type StationProfile, type WindowSet } from '@quakefed/seismic';
import type { WindowSynthesizer } from './station-source.js';

interface Entry {
  windows: Promise<WindowSet>;
  /** Bytes held once synthesized (0 while pending: nothing to free yet). */
  bytes: number;
}

/** A `WindowSynthesizer` that keeps what it made up to `budgetBytes`, least recently used evicted first. */
export class CachedSynthesizer implements WindowSynthesizer {
  /** In use order, oldest first (a hit moves its entry to the end). */
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  constructor(
    private readonly synthesizer: WindowSynthesizer,
    readonly budgetBytes: number,
  ) {}

  /** Bytes of the window sets held now. */
  get bytes(): number {
    return this.held;
  }

  labelledWindows(profile: StationProfile, options: LabelledWindowOptions): Promise<WindowSet> {
    const key = `${stationId(profile)} ${JSON.stringify(options)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.windows;
    }
    const entry: Entry = { windows: this.synthesizer.labelledWindows(profile, options), bytes: 0 };
    this.entries.set(key, entry);
    entry.windows.then(
      (w) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = w.x.byteLength + w.labels.byteLength;
        this.held += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.windows;
  }

  /** Drops every window set held (for when no station will draw again, e.g. before the test pass). */
  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.held <= this.budgetBytes) return;
      if (entry.bytes === 0) continue;
      this.entries.delete(key);
      this.held -= entry.bytes;
    }
  }
}
