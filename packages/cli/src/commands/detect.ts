import type { Command } from 'commander';
import {
  ClientError,
  CLIENT_ERROR_CODES,
  DETECTION_DEFAULTS,
  runCalibrate,
  legacyKeys,
  runDetect,
  type DetectFormat,
} from '@quakefed/client';
import { SHIPPED_MODEL_DIR } from '@quakefed/model';
import { CliUsageError } from '../errors.js';

/** The summary line keeps the key it had before the API spelt seconds `…Seconds` (#14): scripts parse it. */
const SUMMARY_KEYS = legacyKeys({ hopSeconds: 'hopSec' });

interface DetectFlags {
  model?: string;
  input: string[];
  out?: string;
  format: string;
  threshold?: string;
  hop?: string;
  stalta?: boolean;
  calibrate?: string;
  calibrateOut?: string;
}

/** One line of what `detect` decided, on stderr (stdout carries the JSON summary). */
const note = (line: string): void => void process.stderr.write(`quakefed detect: ${line}\n`);

/** `--calibrate`: the threshold giving a false-alarm rate on the site's noise (see `runCalibrate`). */
async function calibrate(model: string, f: DetectFlags): Promise<void> {
  if (f.threshold !== undefined)
    throw new CliUsageError('--threshold with --calibrate: calibration finds the threshold');
  if (f.out !== undefined || f.stalta)
    throw new CliUsageError(
      '--calibrate writes no detections: drop --out and --stalta (--calibrate-out DIR writes the calibrated model)',
    );
  const report = await runCalibrate({
    model,
    inputs: f.input,
    falseAlarmsPerStationDay: Number(f.calibrate),
    ...(f.calibrateOut !== undefined ? { outDir: f.calibrateOut } : {}),
    ...(f.hop !== undefined ? { hopSeconds: Number(f.hop) } : {}),
  });
  const s = report.summary;
  note(
    `threshold ${s.threshold} gives ${s.falseAlarms} false alarms in ${s.stationDays.toFixed(3)} station-days of site noise (target ${s.targetFalseAlarmsPerStationDay}/station-day)`,
  );
  if (s.note) note(s.note);
  if (f.calibrateOut !== undefined)
    note(`wrote the model with this operating point to ${f.calibrateOut}: detect with --model ${f.calibrateOut}`);
  process.stdout.write(`${JSON.stringify(s, SUMMARY_KEYS)}\n`);
}

/** `quakefed detect`: run the federated model over continuous miniSEED data, or calibrate its threshold. */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description(
      'detect earthquakes in miniSEED files with a model (directory or coordinator URL); without --threshold\n' +
        "the model's default operating point is used. --calibrate finds the threshold for a site from its noise.",
    )
    .option(
      '--model <dir|url>',
      `model directory (model.json + weights.bin), coordinator state directory (its newest checkpoint) or coordinator http(s) URL (default: the shipped model, ${SHIPPED_MODEL_DIR})`,
    )
    .requiredOption('--input <files...>', 'miniSEED files (2 or 3)')
    .option('--out <dir>', 'output directory (default: detections)')
    .option('--format <list>', 'comma-separated: csv,json,quakeml', 'csv,json,quakeml')
    .option('--threshold <score>', "window-score threshold (default: the model's operating point, else 0.5)")
    .option('--hop <seconds>', `hop between windows (default ${DETECTION_DEFAULTS.hopSeconds})`)
    .option('--stalta', 'also run the STA/LTA baseline and write its triggers')
    .option(
      '--calibrate <fa-per-day>',
      'treat the inputs as site noise and find the threshold giving this many false alarms per station-day (default: no calibration)',
    )
    .option(
      '--calibrate-out <dir>',
      'with --calibrate: write the model and its site operating point to this directory (default: none)',
    )
    .action(async (f: DetectFlags) => {
      if (f.calibrateOut !== undefined && f.calibrate === undefined)
        throw new CliUsageError('--calibrate-out needs --calibrate <false alarms per station-day>');
      const model = f.model ?? SHIPPED_MODEL_DIR;
      if (f.model === undefined) note(`no --model given: using the default model ${SHIPPED_MODEL_DIR}`);
      if (f.calibrate !== undefined) return calibrate(model, f);
      const report = await runDetect({
        model,
        inputs: f.input,
        outDir: f.out ?? 'detections',
        formats: f.format.split(',').map((s) => s.trim()) as DetectFormat[],
        ...(f.threshold !== undefined ? { threshold: Number(f.threshold) } : {}),
        ...(f.hop !== undefined ? { hopSeconds: Number(f.hop) } : {}),
        stalta: f.stalta === true,
        onInputFailed: ({ path, error }) => note(`skipped ${path}: ${error}`),
      });
      note(`threshold ${report.summary.threshold} (${report.summary.thresholdSource})`);
      process.stdout.write(`${JSON.stringify(report.summary, SUMMARY_KEYS)}\n`);
      const failed = report.summary.failedInputs;
      if (failed.length > 0) {
        throw new ClientError(
          CLIENT_ERROR_CODES.unreadableInput,
          `${failed.length} of ${f.input.length} input files could not be read (${failed.map((x) => x.path).join(', ')}); the others were scanned`,
        );
      }
    });
}
