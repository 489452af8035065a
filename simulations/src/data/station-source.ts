/**
 * The data source of one simulated training station, behind the client package's `DataSource`
 * interface. The station holds every quake window of its archive (`hoursPerStation` hours at its own
 * quake rate) and an archive of `negatives` noise windows, as a gateway holds a day of continuous data:
 * thousands of noise windows per quake. Each round's budget keeps every quake window and draws its
 * negatives from the archive.
 *
 * Only the noise windows a round draws are ever synthesized. The archive is cut into blocks of
 * {@link ARCHIVE_BLOCK} windows, each synthesized from its own seed whenever a round draws it, so a
 * block is the same windows whichever run draws it (the compared federated runs and the baselines see
 * the same data). Nothing is kept here: what is worth keeping between rounds is the synthesizer's
 * business (a population shares one bounded `CachedSynthesizer`). A round draws whole blocks without
 * replacement (seeded by the budget seed and the round), then keeps as many of their windows as the
 * client package's budget rule allows.
 */
import { budgetIndices, roundSeed, type DataBudget, type DataSource, type DataSummary } from '@quakefed/client';
import { createRng, stationId, type StationProfile, type WindowSet } from '@quakefed/seismic';
import type { TrainingPool } from '../pool/training-pool.js';
import type { TrainingSlots } from './training-slots.js';
import { concatWindows, firstWindows } from './window-sets.js';

/** Options of a simulated station's data. */
export interface StationDataOptions {
  hours: number;
  /** Noise windows the station holds (its archive). */
  negatives: number;
  seed: number;
  /** Windows of the (unused by default) federated-evaluation set. */
  evaluationWindows: number;
}

/** Noise windows per archive block: synthesizing windows in batches is ~4× cheaper than one by one. */
export const ARCHIVE_BLOCK = 32;
/** Negatives per positive that stands for "no positive at all" in `makeLabelledWindows`. */
const NO_POSITIVES = 1e12;
/** Salts that keep the streams of seeds derived from the station seed apart. */
const BLOCK_SALT = 0x3c6ef372;
const DRAW_SALT = 0x6a09e667;

/** What a station generates windows with (the training pool; a stub in tests). */
export type WindowSynthesizer = Pick<TrainingPool, 'labelledWindows'>;

export class SimulatedStationSource implements DataSource {
  readonly stationIds: readonly string[];
  /** Quake windows the station holds (all P arrivals of its archive). */
  readonly positives: number;
  /** The training slot this station holds (from `trainingWindows` until `trainingDone`). */
  private release: (() => void) | null = null;

  constructor(
    readonly profile: StationProfile,
    private readonly options: StationDataOptions,
    private readonly pool: WindowSynthesizer,
    /** Shared by a population's stations; without it nothing bounds how many hold windows at once. */
    private readonly slots?: TrainingSlots,
  ) {
    this.stationIds = [stationId(profile)];
    this.positives = poisson(createRng(options.seed), (profile.quakeRatePerDay * options.hours) / 24);
  }

  /** Noise windows the station holds. */
  get negatives(): number {
    return this.options.negatives;
  }

  async summary(): Promise<DataSummary> {
    return { windows: this.positives + this.negatives, positives: this.positives, hours: this.options.hours };
  }

  /**
   * Negatives a round trains on under `budget`: the client package's budget rule applied to what the
   * station holds (all positives kept; negatives up to the budget, at least its floor).
   */
  roundNegatives(budget: DataBudget): number {
    const labels = new Uint8Array(this.positives + this.negatives).fill(1, 0, this.positives);
    return budgetIndices(labels, 0, budget).length - this.positives;
  }

  /**
   * Every quake window, and the negatives of `round`'s draw from the archive. Waits for a training slot
   * first (when the station has `slots`), which it holds until `trainingDone`.
   */
  async trainingWindows(round: number, budget: DataBudget): Promise<WindowSet> {
    this.trainingDone(); // a slot still held from a task that never reached its fit
    if (this.slots) this.release = await this.slots.acquire();
    return this.roundWindows(round, budget);
  }

  /** The windows `trainingWindows` gives for `round`, without a training slot (for the baselines). */
  async roundWindows(round: number, budget: DataBudget): Promise<WindowSet> {
    const count = this.roundNegatives(budget);
    const drawn = drawBlocks(this.negatives, count, roundSeed(budget.seed ^ DRAW_SALT, round));
    const sets = await Promise.all(drawn.map((b) => this.block(b)));
    if (this.positives > 0) sets.unshift(await this.quakeWindows());
    return firstWindows(concatWindows(sets), this.positives + count);
  }

  /** The fit on this round's windows is over (done, failed or abandoned): gives the training slot back. */
  trainingDone(): void {
    this.release?.();
    this.release = null;
  }

  evaluationWindows(): Promise<WindowSet> {
    const n = this.options.evaluationWindows;
    const positives = Math.min(this.positives, Math.ceil(n / 10));
    return this.generate(n, positives > 0 ? (n - positives) / positives : NO_POSITIVES, this.options.seed ^ 0x2545f491);
  }

  /** The station's quake windows (only called when it has some). */
  private quakeWindows(): Promise<WindowSet> {
    return this.generate(this.positives, 0, this.options.seed);
  }

  /** Block `b` of the noise archive (the last block may be short). */
  private block(b: number): Promise<WindowSet> {
    return this.generate(blockSize(this.negatives, b), NO_POSITIVES, roundSeed(this.options.seed ^ BLOCK_SALT, b));
  }

  private generate(count: number, imbalance: number, seed: number): Promise<WindowSet> {
    return this.pool.labelledWindows(this.profile, { count, imbalance, seed });
  }
}

/** Windows of block `b` of an archive of `negatives` windows (the last block may be short). */
function blockSize(negatives: number, b: number): number {
  return Math.min(ARCHIVE_BLOCK, negatives - b * ARCHIVE_BLOCK);
}

/**
 * Blocks of an archive of `negatives` windows drawn without replacement (seeded), in draw order, until
 * they hold at least `count` windows (all blocks when the archive holds fewer).
 */
export function drawBlocks(negatives: number, count: number, seed: number): number[] {
  const rng = createRng(seed);
  const blocks = Math.ceil(negatives / ARCHIVE_BLOCK);
  const order = Array.from({ length: blocks }, (_, i) => i);
  let held = 0;
  let n = 0;
  for (; n < blocks && held < count; n++) {
    const j = n + rng.int(blocks - n);
    [order[n], order[j]] = [order[j]!, order[n]!];
    held += blockSize(negatives, order[n]!);
  }
  return order.slice(0, n);
}

/** A Poisson draw (Knuth's method; the means here are small). */
function poisson(rng: { next(): number }, mean: number): number {
  if (mean > 500) return Math.round(mean);
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}
