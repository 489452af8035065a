/**
 * The data source of one simulated training station, behind the client package's `DataSource`
 * interface. The station holds every quake window of its archive (`hoursPerStation` hours at its own
 * quake rate) and a sample of its noise windows; the client's per-round budget then subsamples the
 * negatives. Windows are synthesized on the pool the first time they are needed and kept, so the
 * compared federated runs, the centralised and the local-only baselines all see the same data.
 */
import { applyBudget, type DataBudget, type DataSource, type DataSummary } from '@quakefed/client';
import { createRng, stationId, type StationProfile, type WindowSet } from '@quakefed/seismic';
import type { TrainingPool } from '../pool/trainingPool.js';

/** Options of a simulated station's data. */
export interface StationDataOptions {
  hours: number;
  negatives: number;
  seed: number;
  /** Windows of the (unused by default) federated-evaluation set. */
  evaluationWindows: number;
}

/** Negatives per positive that stands for "no positive at all" in `makeLabelledWindows`. */
const NO_POSITIVES = 1e12;

export class SimulatedStationSource implements DataSource {
  readonly stationIds: readonly string[];
  /** Quake windows the station holds (all P arrivals of its archive). */
  readonly positives: number;
  private windows: Promise<WindowSet> | null = null;
  private evaluation: Promise<WindowSet> | null = null;

  constructor(
    readonly profile: StationProfile,
    private readonly options: StationDataOptions,
    private readonly pool: TrainingPool,
  ) {
    this.stationIds = [stationId(profile)];
    this.positives = poisson(createRng(options.seed), (profile.quakeRatePerDay * options.hours) / 24);
  }

  async summary(): Promise<DataSummary> {
    return { windows: this.positives + this.options.negatives, positives: this.positives, hours: this.options.hours };
  }

  /** Every window the station holds (generated once). */
  all(): Promise<WindowSet> {
    this.windows ??= this.generate(this.positives, this.options.negatives, this.options.seed);
    return this.windows;
  }

  async trainingWindows(round: number, budget: DataBudget): Promise<WindowSet> {
    return applyBudget(await this.all(), round, budget);
  }

  evaluationWindows(): Promise<WindowSet> {
    const n = this.options.evaluationWindows;
    const positives = Math.min(this.positives, Math.ceil(n / 10));
    this.evaluation ??= this.generate(positives, n - positives, this.options.seed ^ 0x2545f491);
    return this.evaluation;
  }

  private generate(positives: number, negatives: number, seed: number): Promise<WindowSet> {
    return this.pool.labelledWindows(this.profile, {
      count: positives + negatives,
      imbalance: positives > 0 ? negatives / positives : NO_POSITIVES,
      seed,
    });
  }
}

/** A Poisson draw (Knuth's method; the means here are small). */
function poisson(rng: { next(): number }, mean: number): number {
  if (mean > 500) return Math.round(mean);
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}
