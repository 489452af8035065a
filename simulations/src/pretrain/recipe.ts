/**
 * THE recipe of the pretrained reference model — what to change to change how it is made: the
 * synthetic population it learns from ({@link pretrainScenario}) and how it is trained on it
 * ({@link trainReferenceModel}). Everything else of `quakefed pretrain` (seed checks, calibration,
 * files) stays as it is when this does.
 *
 * Today: a population like the simulator's default federation except that every station sees
 * quakes; one budgeted draw of every station's windows pooled (all quake windows, noise up to the local
 * budget), trained centrally with the scenario's local training settings — the simulator's centralised
 * training on its training pool.
 */
import { DETECTION_DEFAULTS } from '@quakefed/client';
import type { Parameters } from '@quakefed/proto';
import { pooledWindows, trainOptions } from '../baselines/pooledTraining.js';
import { makeTrainingStations } from '../data/population.js';
import type { TrainingPool } from '../pool/trainingPool.js';
import { resolveScenario, type Scenario } from '../scenario.js';
import type { PretrainOptions } from './defaults.js';

/**
 * The pretraining population as a simulator scenario: training stations from `seed`, validation
 * stations (the calibration streams) from `seed + 1`, windows at `detect`'s default hop so the
 * calibrated thresholds hold for `detect` as it runs by default. Its test section is not used except
 * for what validation streams borrow from it (quake rate, hop); its seed follows the validation seeds.
 * @throws ScenarioError when the options make an invalid scenario
 */
export function pretrainScenario(o: Omit<PretrainOptions, 'outDir'>): Scenario {
  return resolveScenario({
    name: 'pretrain',
    seed: o.seed,
    stations: o.stations,
    workers: o.workers,
    data: { hoursPerStation: o.hours, shareWithoutQuakes: 0 },
    validation: { seed: o.seed + 1, stations: o.validationStations, streamHours: o.validationHours },
    // Not used, but a scenario has one: one station with the seed after the validation stations'.
    test: { seed: o.seed + o.validationStations + 2, stations: 1, detectionHopSeconds: DETECTION_DEFAULTS.hopSec },
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

/** Trains the reference model on the scenario's population for `epochs` passes (on the pool's workers). */
export async function trainReferenceModel(s: Scenario, epochs: number, pool: TrainingPool): Promise<TrainedReference> {
  const stations = makeTrainingStations(s, pool);
  const [data, initial] = await Promise.all([pooledWindows(s, stations), pool.initialParameters()]);
  const positives = data.labels.reduce((n, l) => n + l, 0);
  const { parameters } = await pool.fit({ parameters: initial, data, options: trainOptions(s, s.training.loss, s.seed, epochs) });
  return {
    parameters,
    trainingWindows: epochs * data.count,
    description: `${data.count} pooled windows (${positives} quake) of ${stations.length} stations × ${s.data.hoursPerStation} h, ${epochs} epochs of ${s.training.loss} loss`,
  };
}
