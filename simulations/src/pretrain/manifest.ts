/**
 * `manifest.json` of a pretrained model directory: how to make the model again (the command, its seed
 * and every setting) and what was made (the sha256 of weights.bin, the parameter count), so a shipped
 * model can be checked against its record.
 */
import type { ModelConfig } from '@quakefed/model';
import type { Scenario } from '../scenario.js';
import type { PretrainOptions } from './defaults.js';

/** File name of the manifest in a model directory. */
export const PRETRAIN_MANIFEST_FILE = 'manifest.json';

/** The contents of `manifest.json`. */
export interface PretrainManifest {
  format: 'quakefed-pretrain-manifest';
  version: 1;
  /** The command that makes this model again (same weights on the same backend). */
  command: string;
  seed: number;
  /** The options of the run (worker count aside: it does not change the result). */
  options: Omit<PretrainOptions, 'outDir' | 'workers'>;
  /** The full pretraining scenario: population, data and local training settings. */
  scenario: Scenario;
  /** What the training did (windows, quake windows, epochs, loss). */
  training: string;
  /** Windows × epochs trained on. */
  trainingWindows: number;
  modelConfig: ModelConfig;
  /** Parameters of the model (floats in weights.bin). */
  parameters: number;
  /** sha256 (hex) of weights.bin. */
  weightsSha256: string;
  /** Compute backend it was trained on (other backends round differently). */
  backend: string;
  /** When it was made, ISO 8601, and how long it took. */
  date: string;
  wallSeconds: number;
}

/** The `quakefed pretrain` command line that reproduces a run with these options. */
export function pretrainCommand(o: PretrainOptions): string {
  return [
    'quakefed pretrain',
    `--out ${o.outDir}`,
    `--seed ${o.seed}`,
    `--stations ${o.stations}`,
    `--windows-per-station ${o.windowsPerStation}`,
    `--epochs ${o.epochs}`,
    `--average-from-epoch ${o.averageFromEpoch}`,
    `--validation-stations ${o.validationStations}`,
    `--validation-hours ${o.validationHours}`,
  ].join(' ');
}
