/** The training federation's stations: profiles from the seismic package's non-IID population. */
import { budgetFromConfig, DATA_BUDGET_DEFAULTS, type DataBudget } from '@quakefed/client';
import { makeStationPopulation, stationId, type PopulationKnobs } from '@quakefed/seismic';
import type { Scenario } from '../scenario.js';
import { SimulatedStationSource, type WindowSynthesizer } from './station-source.js';
import { TrainingSlots } from './training-slots.js';
import { CachedSynthesizer } from './window-cache.js';

/** Windows of each station's (rarely used) federated-evaluation set. */
const EVALUATION_WINDOWS = 32;

/** The scenario's data knobs in the seismic package's terms. */
export function populationKnobs(s: Scenario): PopulationKnobs {
  const d = s.data;
  return {
    medianQuakeRatePerDay: d.quakesPerDay,
    quakeRateSpread: d.quakeRateSpread,
    noQuakeShare: d.shareWithoutQuakes,
    nearFaultShare: d.nearFaultShare,
    noiseClassMix: d.noiseMix,
    zOnlyShare: d.shareZOnly,
    hardNegativeRatePerHour: d.hardNegativesPerHour,
  };
}

/** One training station: id, seed and its data source. */
export interface TrainingStation {
  id: string;
  seed: number;
  source: SimulatedStationSource;
}

/**
 * The data budget a station's client trains under each round: the scenario's local budget over the
 * client package's defaults, combined by the client's own rule.
 */
export function stationBudget(s: Scenario, station: TrainingStation): DataBudget {
  return budgetFromConfig(
    { maxWindows: s.localBudget, hardNegativeShare: s.training.hardNegativeShare },
    { ...DATA_BUDGET_DEFAULTS, maxWindows: s.localBudget, seed: station.seed },
  );
}

/**
 * Data seed of training station `i` of scenario `s`: a hash of the scenario seed plus the index. A
 * plain `seed × 1,000,003 + i + 1` gave training station i of seed 1 the stream seed of held-out
 * station i of a part seeded 1,000,003 (the default test seed): the same noise on both sides.
 */
export function trainingStationSeed(s: Pick<Scenario, 'seed'>, i: number): number {
  return (Math.imul(s.seed ^ STATION_SEED_SALT, 0x9e3779b1) + i + 1) >>> 0;
}

/** Salt of the station-seed hash. */
const STATION_SEED_SALT = 0x85ebca6b;

/**
 * Bytes of synthesized windows the stations of one population keep between rounds (shared, least
 * recently used dropped first; a dropped set is synthesized again when drawn). Sized so that 1,000
 * stations run in 1.5 GB while a 100-station experiment's draws mostly stay cached.
 */
export const WINDOW_CACHE_BYTES = 256 * 2 ** 20;

/**
 * Stations of one population that may hold a round's training windows at once: a few per worker of the
 * training pool keeps the workers busy; the rest wait without memory (see `TrainingSlots`).
 */
export const TRAINING_SLOTS = 8;

/**
 * The training stations of a scenario (deterministic for its seed), sharing one bounded window cache
 * (`synthesizer`, by default a new one of `WINDOW_CACHE_BYTES` over `pool`) and one bound on how many
 * hold training windows at once.
 */
export function makeTrainingStations(
  s: Scenario,
  pool: WindowSynthesizer,
  synthesizer: WindowSynthesizer = new CachedSynthesizer(pool, WINDOW_CACHE_BYTES),
): TrainingStation[] {
  const slots = new TrainingSlots(TRAINING_SLOTS);
  return makeStationPopulation(s.stations, s.seed, populationKnobs(s)).map((profile, i) => {
    const seed = trainingStationSeed(s, i);
    return {
      id: stationId(profile),
      seed,
      source: new SimulatedStationSource(
        profile,
        {
          hours: s.data.hoursPerStation,
          negatives: s.data.negativesPerStation,
          seed,
          evaluationWindows: EVALUATION_WINDOWS,
        },
        synthesizer,
        slots,
      ),
    };
  });
}
