import type { Command } from 'commander';
import { defaultAverageFromEpoch, PRETRAIN_DEFAULTS as P } from '@quakefed/simulations';

interface PretrainFlags {
  out: string;
  seed?: string;
  stations?: string;
  windowsPerStation?: string;
  epochs?: string;
  averageFromEpoch?: string;
  validationStations?: string;
  validationHours?: string;
  workers?: string;
}

/** The numeric flags given, as numbers (the simulations package checks their ranges and names bad ones). */
function numericOptions(f: PretrainFlags): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [
    'seed',
    'stations',
    'windowsPerStation',
    'epochs',
    'averageFromEpoch',
    'validationStations',
    'validationHours',
    'workers',
  ] as const) {
    if (f[key] !== undefined) out[key] = f[key].trim() === '' ? Number.NaN : Number(f[key]);
  }
  return out;
}

/** `quakefed pretrain`: train and calibrate the reference model centrally, write a model directory. */
export function registerPretrain(program: Command): void {
  program
    .command('pretrain')
    .description(
      'train the reference model centrally on a synthetic population whose seeds no simulator scenario uses,\n' +
        'calibrate its operating points (1 and 10 false alarms per station-day) on separate validation\n' +
        'stations, and write a model directory (model.json, weights.bin, operating-points.json, manifest.json)',
    )
    .requiredOption('--out <dir>', 'model directory to write')
    .option('--seed <n>', `seed of the pretraining population (validation stations: seed + 1) (default ${P.seed})`)
    .option('--stations <n>', `training stations (default ${P.stations})`)
    .option(
      '--windows-per-station <n>',
      `labelled windows synthesized per training station (default ${P.windowsPerStation})`,
    )
    .option('--epochs <n>', `passes over the pooled training windows (default ${P.epochs})`)
    .option(
      '--average-from-epoch <n>',
      `end on the mean of the weights at the end of every epoch from this one on (stochastic weight averaging; 0 = the last weights) (default: the second half, ${defaultAverageFromEpoch(P.epochs)} of ${P.epochs})`,
    )
    .option(
      '--validation-stations <n>',
      `validation stations the thresholds are calibrated on (default ${P.validationStations})`,
    )
    .option(
      '--validation-hours <h>',
      `hours of continuous stream per validation station (default ${P.validationHours})`,
    )
    .option('--workers <n>', `worker threads (0 = one per core) (default ${P.workers})`)
    .addHelpText('after', '\nThe recipe: simulations/src/pretrain/recipe.ts.')
    .action(async (f: PretrainFlags) => {
      const { runPretrain } = await import('@quakefed/simulations');
      const outcome = await runPretrain(
        { outDir: f.out, ...numericOptions(f) },
        (phase) => void process.stderr.write(`quakefed pretrain: ${phase}\n`),
      );
      const m = outcome.manifest;
      const points = outcome.operatingPoints.points
        .map((p) => `${p.falseAlarmsPerStationDay}/day: ${p.threshold}`)
        .join(', ');
      process.stderr.write(`quakefed pretrain: wrote ${outcome.dir} (thresholds ${points}; ${m.wallSeconds} s)\n`);
      process.stdout.write(
        `${JSON.stringify({ dir: outcome.dir, weightsSha256: m.weightsSha256, parameters: m.parameters, operatingPoints: outcome.operatingPoints.points, wallSeconds: m.wallSeconds })}\n`,
      );
    });
}
