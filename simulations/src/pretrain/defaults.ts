/**
 * Defaults of `quakefed pretrain` (the reference model trained centrally, then calibrated), in one
 * place. The training recipe itself — population, data draw, epochs, optimiser — is `recipe.ts`.
 */

/** Options of a pretraining run; every one is a `quakefed pretrain` flag. */
export interface PretrainOptions {
  /** Directory the model is written to (model.json, weights.bin, operating-points.json, manifest.json). */
  outDir: string;
  /**
   * Seed of the pretraining population. Its validation stations take `seed + 1` (their streams
   * `seed + 2 …`). Every seed it derives must differ from every seed the simulator's scenarios use.
   */
  seed: number;
  /** Training stations of the synthetic population. */
  stations: number;
  /** Labelled windows synthesized per training station (the recipe sets their quake share). */
  windowsPerStation: number;
  /** Passes over the pooled training windows. */
  epochs: number;
  /**
   * Stochastic weight averaging: the model is the mean of the weights at the end of every epoch from
   * this one on (`TrainOptions.averageFromEpoch`); 0: the last epoch's weights. Default: the second
   * half of the epochs ({@link defaultAverageFromEpoch}).
   */
  averageFromEpoch: number;
  /** Validation stations the operating points are calibrated on (continuous streams). */
  validationStations: number;
  /** Hours of continuous stream per validation station. */
  validationHours: number;
  /** Worker threads; 0 = one per available core. */
  workers: number;
}

/**
 * Seeds above 3·10⁹: far from the seeds the simulator's scenarios use (1, 1,000,003, 2,000,003 and
 * their repeats); the check in `seeds.ts` makes sure of it for every seed a run derives.
 */
export const PRETRAIN_DEFAULTS: Omit<PretrainOptions, 'outDir' | 'averageFromEpoch'> = {
  seed: 3_000_000_001,
  stations: 400,
  windowsPerStation: 260,
  epochs: 30,
  validationStations: 40,
  validationHours: 6,
  workers: 0,
};

/** The first epoch of the second half (16 of 30): where averaging starts unless told otherwise. */
export function defaultAverageFromEpoch(epochs: number): number {
  return Math.floor(epochs / 2) + 1;
}

/** False alarms per station-day the operating points are calibrated to; the first is the default. */
export const PRETRAIN_FALSE_ALARM_TARGETS = [1, 10] as const;
