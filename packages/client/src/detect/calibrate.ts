/**
 * `quakefed detect --calibrate`: a site's own threshold. Every site's noise differs, so a threshold
 * measured on validation stations gives a different false-alarm rate at each site. Given recent data
 * from the site that holds no earthquake (noise only), this scores it exactly as detection does and
 * finds the threshold at which the merged detections — every one a false alarm here — stay within a
 * target rate (the seismic package's `thresholdForFalseAlarmRate`). The result is an operating-points
 * file; with `outDir` the model is written beside it, a model directory `detect` uses as it is.
 */
import { join } from 'node:path';
import {
  getParameters,
  MODEL_JSON_FILE,
  modelConfigOf,
  WEIGHTS_FILE,
  writeModelDirectory,
  writeOperatingPoints,
  type BackendPreference,
  type OperatingPoints,
} from '@quakefed/model';
import { thresholdForFalseAlarmRate } from '@quakefed/seismic';
import { DETECTION_DEFAULTS, validateDetectionOptions, type DetectionOptions } from '../defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
import { silentLogger, type Logger } from '@quakefed/core';
import { loadDetectionModel, readInputTraces } from './load.js';
import { scoreRunOptions } from './merge.js';
import { detectTraces } from './run.js';
import { modelScorer } from './scoring.js';

/** Options of {@link runCalibrate}. */
export interface CalibrateRunOptions extends Partial<Pick<DetectionOptions, 'hopSeconds' | 'batchSize'>> {
  /** Model directory, model.json path, or coordinator URL. */
  model: string;
  /** miniSEED files of the site's noise (no earthquakes in them). */
  inputs: string[];
  /** The false-alarm rate to calibrate to, per station-day. */
  falseAlarmsPerStationDay: number;
  /** Directory to write the model and its site operating points to; nothing is written when undefined. */
  outDir?: string;
  /** Default: `initBackend`'s ('auto'). */
  backend?: BackendPreference;
  logger?: Logger;
  /** Measurement date written into the operating points (epoch ms; default: now). */
  date?: number;
}

/** What a calibration measured and wrote. */
export interface CalibrateReport {
  /** The site's operating point, as written (its only point is the default). */
  operatingPoints: OperatingPoints;
  files: string[];
  summary: {
    model: string;
    stations: number;
    stationDays: number;
    windows: number;
    hopSeconds: number;
    targetFalseAlarmsPerStationDay: number;
    threshold: number;
    falseAlarms: number;
    falseAlarmsPerStationDay: number;
    /** Set when the data is too short to measure the target rate (it allows less than one false alarm). */
    note: string | null;
  };
}

/** Scores the noise data and finds the threshold giving the target false-alarm rate on it. */
export async function runCalibrate(options: CalibrateRunOptions): Promise<CalibrateReport> {
  const logger = options.logger ?? silentLogger;
  const target = options.falseAlarmsPerStationDay;
  if (!(Number.isFinite(target) && target >= 0)) {
    throw new ClientError(
      CLIENT_ERROR_CODES.badOptions,
      `the target false-alarm rate must be a number >= 0 per station-day, got ${target}`,
    );
  }
  const o: DetectionOptions = {
    ...DETECTION_DEFAULTS,
    ...(options.hopSeconds !== undefined ? { hopSeconds: options.hopSeconds } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  };
  validateDetectionOptions(o);
  const traces = await readInputTraces(options.inputs);
  const loaded = await loadDetectionModel(options.model, options.backend);
  logger.info('model_loaded', { source: loaded.source, backend: loaded.backend });
  const { traces: results } = await detectTraces(traces, modelScorer(loaded.model, o.batchSize), o);
  const parameters = getParameters(loaded.model);
  const config = modelConfigOf(loaded.model);
  loaded.model.dispose();
  if (results.length === 0)
    throw new ClientError(CLIENT_ERROR_CODES.noData, 'the input files hold no trace to calibrate on');

  const streams = results.map((r) => ({
    startTimes: r.windowStarts,
    scores: r.scores,
    durationSeconds: r.durationSeconds,
  }));
  const calibration = thresholdForFalseAlarmRate(streams, target, scoreRunOptions(results[0]!.geometry));
  if (calibration.threshold === null) {
    throw new ClientError(
      CLIENT_ERROR_CODES.calibrationFailed,
      `no threshold up to 1 gives at most ${target} false alarms per station-day on this data: the model scores some of its windows 1`,
    );
  }
  const operatingPoints: OperatingPoints = {
    format: 'quakefed-operating-points',
    version: 1,
    weightsSha256: loaded.weightsSha256,
    defaultFalseAlarmsPerStationDay: target,
    points: [
      {
        falseAlarmsPerStationDay: target,
        threshold: calibration.threshold,
        measuredFalseAlarmsPerStationDay: calibration.falseAlarmsPerStationDay,
      },
    ],
    measurement: {
      data: 'site-noise',
      stations: results.length,
      stationDays: calibration.stationDays,
      seed: null,
      date: new Date(options.date ?? Date.now()).toISOString(),
      hopSeconds: o.hopSeconds,
      description: `quakefed detect --calibrate ${target} on ${options.inputs.length} miniSEED file(s) of the site's noise; every detection counted as a false alarm`,
    },
  };
  const files: string[] = [];
  if (options.outDir) {
    await writeModelDirectory(options.outDir, config, parameters);
    files.push(
      join(options.outDir, MODEL_JSON_FILE),
      join(options.outDir, WEIGHTS_FILE),
      await writeOperatingPoints(options.outDir, operatingPoints),
    );
  }
  logger.info('calibrate_done', { threshold: calibration.threshold, stationDays: calibration.stationDays });
  return {
    operatingPoints,
    files,
    summary: {
      model: loaded.source,
      stations: results.length,
      stationDays: calibration.stationDays,
      windows: results.reduce((n, r) => n + r.scores.length, 0),
      hopSeconds: o.hopSeconds,
      targetFalseAlarmsPerStationDay: target,
      threshold: calibration.threshold,
      falseAlarms: calibration.falseAlarms,
      falseAlarmsPerStationDay: calibration.falseAlarmsPerStationDay,
      note: shortDataNote(target, calibration.stationDays),
    },
  };
}

/** Why the measured rate says little when the data allows less than one false alarm at the target; null otherwise. */
function shortDataNote(target: number, stationDays: number): string | null {
  if (target * stationDays >= 1) return null;
  const needed =
    target > 0 ? `; calibrate on at least ${(1 / target).toFixed(1)} station-days to measure the rate` : '';
  return `${stationDays.toFixed(3)} station-days allow no false alarm at ${target}/station-day: the threshold lies above the highest-scoring detection${needed}`;
}
