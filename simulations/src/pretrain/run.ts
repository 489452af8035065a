/**
 * `quakefed pretrain`: trains the reference model centrally on a synthetic population that shares no
 * seed with the simulator's federations, validation or test sets (`recipe.ts`), calibrates its
 * operating points on the population's own validation stations, and writes a model directory:
 * model.json + weights.bin (the tfjs layers format), operating-points.json and manifest.json.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  countParameters,
  DEFAULT_MODEL_CONFIG,
  resolveModelConfig,
  weightsSha256,
  writeModelDirectory,
  writeOperatingPoints,
  type OperatingPoints,
} from '@quakefed/model';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import { MAX_FIT_BYTES, TrainingPool } from '../pool/training-pool.js';
import {
  defaultAverageFromEpoch,
  PRETRAIN_DEFAULTS,
  PRETRAIN_FALSE_ALARM_TARGETS,
  type PretrainOptions,
} from './defaults.js';
import { calibrateOnValidation } from './calibrate.js';
import { pretrainCommand, PRETRAIN_MANIFEST_FILE, type PretrainManifest } from './manifest.js';
import { pretrainScenario, trainReferenceModel } from './recipe.js';
import { pretrainSeedIssues } from './seeds.js';

/** What a pretraining run wrote. */
export interface PretrainOutcome {
  dir: string;
  manifest: PretrainManifest;
  operatingPoints: OperatingPoints;
}

/**
 * The options over the defaults, checked: whole numbers where counts, positive where sizes.
 * @throws SimulationError `QF_ERR_PRETRAIN_INVALID` naming every bad option
 */
export function resolvePretrainOptions(
  options: Partial<PretrainOptions> & Pick<PretrainOptions, 'outDir'>,
): PretrainOptions {
  const o: PretrainOptions = {
    ...PRETRAIN_DEFAULTS,
    averageFromEpoch: defaultAverageFromEpoch(options.epochs ?? PRETRAIN_DEFAULTS.epochs),
    ...options,
  };
  const issues: string[] = [];
  const check = (name: keyof PretrainOptions, ok: boolean, want: string) => {
    if (!ok) issues.push(`${name} must be ${want}, got ${o[name]}`);
  };
  const integer = (v: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
    Number.isInteger(v) && v >= min && v <= max;
  check('seed', integer(o.seed, 0, 2 ** 32 - 1), 'an integer in [0, 2^32 - 1]');
  check('stations', integer(o.stations, 1, 100_000), 'an integer in [1, 100000]');
  check('windowsPerStation', integer(o.windowsPerStation, 1, 1_000_000), 'an integer in [1, 1000000]');
  const epochsOk = integer(o.epochs, 1, 1000);
  check('epochs', epochsOk, 'an integer in [1, 1000]');
  // Against a bad epoch count the averaging bound means nothing: that count is the one problem named.
  check(
    'averageFromEpoch',
    !epochsOk || integer(o.averageFromEpoch, 0, o.epochs),
    `an integer in [0, epochs = ${o.epochs}]`,
  );
  check('validationStations', integer(o.validationStations, 1, 10_000), 'an integer in [1, 10000]');
  check('validationHours', Number.isFinite(o.validationHours) && o.validationHours > 0, 'a number of hours > 0');
  check('workers', integer(o.workers, 0, 256), 'an integer in [0, 256]');
  const windowBytes =
    DEFAULT_MODEL_CONFIG.windowLength * DEFAULT_MODEL_CONFIG.channels * Float32Array.BYTES_PER_ELEMENT;
  if (o.stations * o.windowsPerStation * windowBytes > MAX_FIT_BYTES) {
    issues.push(
      `stations × windowsPerStation must be at most ${Math.floor(MAX_FIT_BYTES / windowBytes)} windows (4 GiB of training windows), got ${o.stations * o.windowsPerStation}`,
    );
  }
  if (typeof o.outDir !== 'string' || o.outDir.length === 0) issues.push('outDir must be a directory');
  if (issues.length > 0)
    throw new SimulationError(SIM_ERROR_CODES.pretrainInvalid, `invalid pretraining options: ${issues.join('; ')}`);
  return o;
}

/** Runs a pretraining: train, calibrate, write. `onPhase` hears what it is doing. */
export async function runPretrain(
  options: Partial<PretrainOptions> & Pick<PretrainOptions, 'outDir'>,
  onPhase: (phase: string) => void = () => {},
): Promise<PretrainOutcome> {
  const started = Date.now();
  const o = resolvePretrainOptions(options);
  const scenario = pretrainScenario(o);
  const collisions = pretrainSeedIssues(scenario);
  if (collisions.length > 0)
    throw new SimulationError(
      SIM_ERROR_CODES.pretrainInvalid,
      `seed ${o.seed} cannot be used: ${collisions.join('; ')}`,
    );
  const command = pretrainCommand(o);
  const pool = new TrainingPool(o.workers);
  try {
    const backend = await pool.backend();
    onPhase(
      `training on ${o.stations} synthetic stations × ${o.windowsPerStation} windows, ${o.epochs} epochs (${pool.size} workers on ${backend})`,
    );
    const trained = await trainReferenceModel(scenario, o, pool);
    const sha = weightsSha256(trained.parameters);
    const date = new Date().toISOString();
    onPhase(`calibrating on ${o.validationStations} validation stations × ${o.validationHours} h`);
    const operatingPoints = await calibrateOnValidation(scenario, pool, trained.parameters, {
      weightsSha256: sha,
      targets: PRETRAIN_FALSE_ALARM_TARGETS,
      date,
      command,
    });
    const modelConfig = resolveModelConfig(DEFAULT_MODEL_CONFIG);
    await writeModelDirectory(o.outDir, modelConfig, trained.parameters);
    await writeOperatingPoints(o.outDir, operatingPoints);
    const manifest: PretrainManifest = {
      format: 'quakefed-pretrain-manifest',
      version: 1,
      command,
      seed: o.seed,
      options: {
        seed: o.seed,
        stations: o.stations,
        windowsPerStation: o.windowsPerStation,
        epochs: o.epochs,
        averageFromEpoch: o.averageFromEpoch,
        validationStations: o.validationStations,
        validationHours: o.validationHours,
      },
      scenario,
      training: trained.description,
      trainingWindows: trained.trainingWindows,
      modelConfig,
      parameters: countParameters(modelConfig),
      weightsSha256: sha,
      backend,
      date,
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    await writeFile(join(o.outDir, PRETRAIN_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir: o.outDir, manifest, operatingPoints };
  } finally {
    await pool.close();
  }
}
