/**
 * THE recipe of the pretrained reference model — what to change to change how it is made: the
 * synthetic population it learns from ({@link pretrainScenario}, {@link PRETRAIN_DOMAIN}) and how it
 * is trained on it ({@link trainReferenceModel}). Everything else of `quakefed pretrain` (seed checks,
 * calibration, files) stays as it is when this does.
 *
 * Domain randomisation, because the model is judged on real seismometers, not on this generator
 * (measured on the 74 real development events, `npm run bench -- real-events`; simulations/README.md):
 * - instruments: the population's broadband / short-period / geophone / accelerometer mix;
 * - SNR-balanced quake windows (log-uniform 3–1000): catalogue draws are nearly all weak, and a
 *   model that never saw a strong impulsive onset took real ones for glitches; below SNR 3 it learnt
 *   to fire on the faint transients of real noise;
 * - log-uniform distances 2–150 km and a spread S-on-vertical ratio: an area-uniform draw makes most
 *   events far (S − P 10–25 s), while local networks mostly record close ones (S − P 1–4 s);
 * - one window in ten a quake and 30 % hard negatives, 40 % of them noise bursts (one arrival, no
 *   second phase): real pre-event noise is full of such transients.
 * The calibration streams are not randomised: they are the simulator's ordinary stations.
 */
import type { Parameters } from '@quakefed/proto';
import {
  makeStationPopulation,
  type LabelledWindowOptions,
  type PopulationKnobs,
  type WindowSet,
} from '@quakefed/seismic';
import { DETECTION_DEFAULTS } from '@quakefed/client';
import { trainOptions } from '../baselines/pooled-training.js';
import { populationKnobs, trainingStationSeed } from '../data/population.js';
import { concatWindows } from '../data/window-sets.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { resolveScenario, type Scenario } from '../scenario.js';
import type { PretrainOptions } from './defaults.js';

/** The domain randomisation of the pretraining windows (see the module comment). */
const PRETRAIN_DOMAIN = {
  population: {
    noQuakeShare: 0,
    nearFaultShare: 0,
    distanceLaw: 'log-uniform',
    distanceRangeKm: [2, 150],
    sOnVerticalLogSigma: 0.6,
    hardNegativeMix: { vehicle: 0.2, footsteps: 0.15, glitch: 0.15, teleseism: 0.1, burst: 0.4, boxcar: 0.15 },
  } satisfies PopulationKnobs,
  windows: {
    imbalance: 9,
    hardNegativeShare: 0.3,
    positiveSnrRange: [3, 1000],
  } satisfies Omit<LabelledWindowOptions, 'seed'>,
} as const;

/**
 * The pretraining scenario: training stations from `seed`, validation stations (the calibration
 * streams) from `seed + 1`, windows at `detect`'s default hop so the calibrated thresholds hold for
 * `detect` as it runs by default. Its test section is not used except for what validation streams
 * borrow from it (quake rate, hop); its seed follows the validation seeds.
 * @throws ScenarioError when the options make an invalid scenario
 */
export function pretrainScenario(
  o: Pick<PretrainOptions, 'seed' | 'stations' | 'workers' | 'validationStations' | 'validationHours'>,
): Scenario {
  return resolveScenario({
    name: 'pretrain',
    seed: o.seed,
    stations: o.stations,
    workers: o.workers,
    data: { shareWithoutQuakes: 0 },
    validation: { seed: o.seed + 1, stations: o.validationStations, streamHours: o.validationHours },
    // Not used, but a scenario has one: one station with the seed after the validation stations'.
    test: { seed: o.seed + o.validationStations + 2, stations: 1, detectionHopSeconds: DETECTION_DEFAULTS.hopSeconds },
  });
}

/** A trained reference model. */
export interface TrainedReference {
  parameters: Parameters;
  /** Windows × epochs trained on. */
  trainingWindows: number;
  /** One line on what it was trained on, for the manifest. */
  description: string;
}

/**
 * Trains the reference model on `windowsPerStation` domain-randomised windows of each of the
 * scenario's stations, pooled, for `epochs` passes, averaging the epoch-end weights from
 * `averageFromEpoch` on (0: none) (windows synthesized and trained on the pool).
 */
export async function trainReferenceModel(
  s: Scenario,
  {
    windowsPerStation,
    epochs,
    averageFromEpoch,
  }: Pick<PretrainOptions, 'windowsPerStation' | 'epochs' | 'averageFromEpoch'>,
  pool: TrainingPool,
): Promise<TrainedReference> {
  const profiles = makeStationPopulation(s.stations, s.seed, { ...populationKnobs(s), ...PRETRAIN_DOMAIN.population });
  const [sets, initial] = await Promise.all([
    Promise.all(
      profiles.map((p, i) =>
        pool.labelledWindows(p, {
          ...PRETRAIN_DOMAIN.windows,
          count: windowsPerStation,
          seed: trainingStationSeed(s, i),
        }),
      ),
    ),
    pool.initialParameters(),
  ]);
  const data: WindowSet = concatWindows(sets);
  const positives = data.labels.reduce((n, l) => n + l, 0);
  const { parameters } = await pool.fit({
    parameters: initial,
    data,
    options: {
      ...trainOptions(s, s.training.loss, s.seed, epochs),
      ...(averageFromEpoch > 0 ? { averageFromEpoch } : {}),
    },
  });
  const averaged = averageFromEpoch > 0 ? `, weights averaged over epochs ${averageFromEpoch}–${epochs}` : '';
  return {
    parameters,
    trainingWindows: epochs * data.count,
    description: `${data.count} domain-randomised windows (${positives} quake) of ${profiles.length} stations, ${epochs} epochs of ${s.training.loss} loss${averaged}`,
  };
}
