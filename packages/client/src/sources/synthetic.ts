/**
 * A synthetic station as a data source (simulations, demos, trying a deployment out): labelled windows
 * from the seismic package's generator, for a station profile and a seed.
 *
 * Cheap to construct — hundreds live in one simulator process: nothing is generated until the first
 * round asks for data, and `summary()` is computed from the counts alone. The generated sets are
 * deterministic, so with `cache: false` they are regenerated on demand instead of being held (memory
 * O(budget) instead of O(windows) per station, at the price of generation time each round).
 */
import {
  makeLabelledWindows,
  makeStationProfile,
  WINDOW_DEFAULTS,
  type StationProfile,
  type WindowSet,
} from '@quakefed/seismic';
import { applyBudget, type DataSource, type DataSummary } from '../data-source.js';
import { SYNTHETIC_SOURCE_DEFAULTS, type DataBudget } from '../defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';

/** Options of a synthetic station; only `stationId` and `seed` are required (defaults: SYNTHETIC_SOURCE_DEFAULTS). */
export interface SyntheticStationOptions {
  /** `NET.STA.LOC.CHA` (or `NET.STA.LOC`); names the profile's network/station/location/band. */
  stationId: string;
  seed: number;
  /** Profile overrides (noise class, seismicity, components…); defaults: the seismic package's. */
  profile?: Partial<StationProfile>;
  /** Labelled training windows the station holds. */
  windows?: number;
  /** Held-out windows for federated evaluation. */
  evaluationWindows?: number;
  /** Share of positive windows (a rare-event station: a few percent). */
  positiveFraction?: number;
  /** Keep generated sets in memory (default) or regenerate them when asked. */
  cache?: boolean;
}

/** Evaluation windows use a seed derived from the station's so the two sets never share a window. */
const EVALUATION_SEED_OFFSET = 0x5eed;

/** Profile fields named by an NSLC station id. */
export function profileFromStationId(stationId: string): Partial<StationProfile> {
  const [network, station, location, channel] = stationId.split('.');
  if (!network || !station) {
    throw new ClientError(CLIENT_ERROR_CODES.badOptions, `station id must be NET.STA.LOC[.CHA], got "${stationId}"`);
  }
  const out: Partial<StationProfile> = { network, station, location: location ?? '' };
  if (channel && channel.length === 3) out.channelPrefix = channel.slice(0, 2);
  return out;
}

/** A synthetic station: seeded labelled windows of a profile derived from the station id (see the file comment). */
export class SyntheticStationSource implements DataSource {
  readonly stationIds: readonly string[];
  private readonly options: Required<Omit<SyntheticStationOptions, 'profile'>>;
  private readonly profile: StationProfile;
  private training: WindowSet | null = null;
  private evaluation: WindowSet | null = null;

  constructor(options: SyntheticStationOptions) {
    this.options = { ...SYNTHETIC_SOURCE_DEFAULTS, ...options };
    const { windows, evaluationWindows, positiveFraction } = this.options;
    if (!(Number.isInteger(windows) && windows > 0 && Number.isInteger(evaluationWindows) && evaluationWindows > 0)) {
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'windows and evaluationWindows must be positive integers');
    }
    if (!(positiveFraction > 0 && positiveFraction < 1)) {
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'positiveFraction must be in (0, 1)');
    }
    this.profile = makeStationProfile({ ...profileFromStationId(options.stationId), ...options.profile });
    this.stationIds = [options.stationId];
  }

  /** Counts only; nothing is generated (the generator's positive count is round(count / (1 + imbalance))). */
  async summary(): Promise<DataSummary> {
    const { windows } = this.options;
    return {
      windows,
      positives: Math.round(windows / (1 + this.imbalance())),
      hours: (windows * WINDOW_DEFAULTS.windowSeconds) / 3600,
    };
  }

  async trainingWindows(round: number, budget: DataBudget): Promise<WindowSet> {
    const all = this.training ?? this.generate(this.options.windows, this.options.seed);
    if (this.options.cache) this.training = all;
    return applyBudget(all, round, budget);
  }

  async evaluationWindows(): Promise<WindowSet> {
    const set =
      this.evaluation ?? this.generate(this.options.evaluationWindows, this.options.seed + EVALUATION_SEED_OFFSET);
    if (this.options.cache) this.evaluation = set;
    return set;
  }

  /** Negatives per positive for the generator. */
  private imbalance(): number {
    return (1 - this.options.positiveFraction) / this.options.positiveFraction;
  }

  private generate(count: number, seed: number): WindowSet {
    return makeLabelledWindows(this.profile, { count, imbalance: this.imbalance(), seed });
  }
}
