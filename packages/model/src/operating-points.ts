/**
 * Operating points of a model: the window-score thresholds at which it gives a stated number of false
 * alarms per station-day on some data, kept beside model.json as `operating-points.json`. A model
 * directory without the file simply has none. The thresholds are on the model's window score (its
 * sigmoid output), which is not a calibrated probability: they are what makes a score mean something.
 *
 * The file names the sha256 of the weights it was measured with, so thresholds are never applied to
 * other weights (a federated round, a replaced weights.bin) by accident.
 *
 * ```json
 * {
 *   "format": "quakefed-operating-points", "version": 1,
 *   "weightsSha256": "…",
 *   "defaultFalseAlarmsPerStationDay": 1,
 *   "points": [
 *     { "falseAlarmsPerStationDay": 1, "threshold": 0.21, "measuredFalseAlarmsPerStationDay": 0.75 },
 *     { "falseAlarmsPerStationDay": 10, "threshold": 0.08, "measuredFalseAlarmsPerStationDay": 9.5 }
 *   ],
 *   "measurement": { "data": "validation", "stations": 24, "stationDays": 4, "seed": 7000001,
 *                    "date": "2025-01-01T00:00:00.000Z", "hopSeconds": 2, "description": "…" }
 * }
 * ```
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parameters } from '@quakefed/proto';
import { OPERATING_POINTS_FILE } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { modelFileReader, parseJsonFile } from './files.js';

/** `format` of an operating-points file. */
export const OPERATING_POINTS_FORMAT = 'quakefed-operating-points';
/** The file version this package reads and writes. */
export const OPERATING_POINTS_VERSION = 1;

/** One calibrated threshold. */
export interface OperatingPoint {
  /** The target it was calibrated to: at most this many false alarms per station-day. */
  falseAlarmsPerStationDay: number;
  /** Window-score threshold in [0, 1]: windows scoring at or above it are positive. */
  threshold: number;
  /** False alarms per station-day actually measured at `threshold` on the calibration data. */
  measuredFalseAlarmsPerStationDay: number;
}

/** What the operating points were measured on. */
export interface OperatingPointsMeasurement {
  /** `validation`: synthetic validation stations with known events (`quakefed pretrain`);
   *  `site-noise`: a site's own noise, every detection counted as a false alarm (`detect --calibrate`). */
  data: 'validation' | 'site-noise';
  /** Stations (continuous streams) measured. */
  stations: number;
  /** Station-days of data measured. */
  stationDays: number;
  /** Seed of synthetic validation stations; null for recorded data. */
  seed: number | null;
  /** When it was measured, ISO 8601. */
  date: string;
  /** Hop between detection windows the thresholds hold for, seconds. */
  hopSeconds: number;
  /** Free text: which data, which command. */
  description: string;
}

/** The contents of `operating-points.json`. */
export interface OperatingPoints {
  format: typeof OPERATING_POINTS_FORMAT;
  version: typeof OPERATING_POINTS_VERSION;
  /** sha256 (hex) of the weights (weights.bin) the thresholds were measured with. */
  weightsSha256: string;
  /** Target of the point `quakefed detect` uses by default; one of `points`. */
  defaultFalseAlarmsPerStationDay: number;
  points: OperatingPoint[];
  measurement: OperatingPointsMeasurement;
}

/** sha256 (hex) of parameters as weights.bin stores them (float32 values concatenated in order). */
export function weightsSha256(parameters: Parameters): string {
  const hash = createHash('sha256');
  for (const p of parameters) hash.update(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength));
  return hash.digest('hex');
}

/** The default point of `points`. */
export function defaultOperatingPoint(points: OperatingPoints): OperatingPoint {
  return points.points.find((p) => p.falseAlarmsPerStationDay === points.defaultFalseAlarmsPerStationDay)!;
}

/**
 * Checks that `value` is a complete operating-points object of this version (`where` names it in
 * messages) and returns it typed.
 * @throws ModelError `QF_ERR_BAD_OPERATING_POINTS` naming the first problem
 */
export function validateOperatingPoints(value: unknown, where = OPERATING_POINTS_FILE): OperatingPoints {
  const fail = (msg: string): never => {
    throw new ModelError(MODEL_ERROR_CODES.badOperatingPoints, `${where}: ${msg}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const rate = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (!isObject(value)) return fail('not a JSON object');
  if (value.format !== OPERATING_POINTS_FORMAT)
    fail(`format must be "${OPERATING_POINTS_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== OPERATING_POINTS_VERSION)
    fail(`version ${JSON.stringify(value.version)} unsupported (this build reads ${OPERATING_POINTS_VERSION})`);
  if (typeof value.weightsSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.weightsSha256))
    fail('weightsSha256 must be 64 lowercase hex digits');
  if (!Array.isArray(value.points) || value.points.length === 0) fail('points must be a non-empty array');
  (value.points as unknown[]).forEach((p, i) => {
    if (!isObject(p)) return fail(`points[${i}] is not an object`);
    if (!rate(p.falseAlarmsPerStationDay)) fail(`points[${i}].falseAlarmsPerStationDay must be a number >= 0`);
    if (!(typeof p.threshold === 'number' && p.threshold >= 0 && p.threshold <= 1))
      fail(`points[${i}].threshold must be a number in [0, 1]`);
    if (!rate(p.measuredFalseAlarmsPerStationDay))
      fail(`points[${i}].measuredFalseAlarmsPerStationDay must be a number >= 0`);
  });
  const targets = (value.points as OperatingPoint[]).map((p) => p.falseAlarmsPerStationDay);
  if (new Set(targets).size !== targets.length) fail('two points share a falseAlarmsPerStationDay');
  if (!targets.includes(value.defaultFalseAlarmsPerStationDay as number))
    fail(
      `defaultFalseAlarmsPerStationDay ${JSON.stringify(value.defaultFalseAlarmsPerStationDay)} is not a point's falseAlarmsPerStationDay`,
    );
  const m = value.measurement;
  if (!isObject(m)) return fail('measurement must be an object');
  if (m.data !== 'validation' && m.data !== 'site-noise') fail('measurement.data must be "validation" or "site-noise"');
  if (!(Number.isInteger(m.stations) && (m.stations as number) >= 1))
    fail('measurement.stations must be an integer >= 1');
  if (!(rate(m.stationDays) && (m.stationDays as number) > 0)) fail('measurement.stationDays must be a number > 0');
  if (!(m.seed === null || Number.isInteger(m.seed))) fail('measurement.seed must be an integer or null');
  if (typeof m.date !== 'string' || Number.isNaN(Date.parse(m.date))) fail('measurement.date must be an ISO 8601 date');
  if (!(typeof m.hopSeconds === 'number' && m.hopSeconds > 0)) fail('measurement.hopSeconds must be a number > 0');
  if (typeof m.description !== 'string') fail('measurement.description must be a string');
  return value as unknown as OperatingPoints;
}

/**
 * The operating points kept beside the model at `source` (a directory, model.json path or http(s) URL,
 * as `loadModel` takes), or null when it has none.
 * @throws ModelError `QF_ERR_BAD_OPERATING_POINTS` when the file is there but invalid
 */
export async function readOperatingPoints(source: string): Promise<OperatingPoints | null> {
  const reader = modelFileReader(source);
  const bytes = await reader.readIfPresent(OPERATING_POINTS_FILE);
  if (!bytes) return null;
  const where = `${reader.modelJsonPath.replace(/[^\\/]*$/, '')}${OPERATING_POINTS_FILE}`;
  return validateOperatingPoints(parseJsonFile(bytes, where, MODEL_ERROR_CODES.badOperatingPoints), where);
}

/** Writes `points` (validated) as `<dir>/operating-points.json`, creating `dir`; returns the path. */
export async function writeOperatingPoints(dir: string, points: OperatingPoints): Promise<string> {
  validateOperatingPoints(points);
  const path = join(dir, OPERATING_POINTS_FILE);
  await mkdir(dir, { recursive: true });
  await writeFile(path, `${JSON.stringify(points, null, 2)}\n`);
  return path;
}
