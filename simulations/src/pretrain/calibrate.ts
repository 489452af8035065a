/**
 * Operating points of a pretrained model, measured on the pretraining scenario's validation stations:
 * continuous synthetic streams with known events (their own seeds), scored window by window as
 * `quakefed detect` scores a stream, detections merged by the shared rule; a detection counts as a
 * false alarm when it is on no event (the event-level evaluation's matching). For each target the
 * threshold is the lowest at which it and every higher one stay within the target rate
 * (`thresholdForFalseAlarmRate`).
 */
import {
  OPERATING_POINTS_FORMAT,
  OPERATING_POINTS_VERSION,
  type OperatingPoint,
  type OperatingPoints,
} from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { thresholdForFalseAlarmRate, type CalibrationStream } from '@quakefed/seismic';
import { heldOutStations } from '../data/held-out.js';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import type { TrainingPool } from '../pool/training-pool.js';
import type { Scenario } from '../scenario.js';

/** What the points are for and where they are written from. */
export interface CalibrationContext {
  /** sha256 of the weights (as weights.bin stores them). */
  weightsSha256: string;
  /** False alarms per station-day to calibrate to; the first is the default point. */
  targets: readonly number[];
  /** Measurement date, ISO 8601. */
  date: string;
  /** The command that made the model, for the record. */
  command: string;
}

/** Thresholds measured on a scenario's validation stations, with what they were measured on. */
export interface ValidationThresholds {
  points: OperatingPoint[];
  stations: number;
  stationDays: number;
  events: number;
  hopSeconds: number;
}

/**
 * Scores the validation stations of `s` with `parameters` (at the test set's detection hop) and finds
 * the threshold of each target false-alarm rate.
 * @throws SimulationError `QF_ERR_PRETRAIN_INVALID` when no threshold reaches a target
 */
export async function validationThresholds(
  s: Scenario,
  pool: TrainingPool,
  parameters: Parameters,
  targets: readonly number[],
): Promise<ValidationThresholds> {
  const streams: CalibrationStream[] = [];
  // One station's windows at a time: only its scores and truth are kept.
  for (const st of heldOutStations(s, 'validation')) {
    const scores = await pool.predictWindows(parameters, st.windows);
    streams.push({
      startTimes: st.windows.startTimes,
      scores,
      durationSeconds: st.truth.durationMs / 1000,
      events: st.truth.events,
      ignoredEvents: st.truth.ignored,
      onsets: st.onsets,
    });
  }
  const hopSeconds = s.test.detectionHopSeconds;
  const points = targets.map((target) => {
    const c = thresholdForFalseAlarmRate(streams, target, { hopSeconds: hopSeconds });
    if (c.threshold === null) {
      throw new SimulationError(
        SIM_ERROR_CODES.pretrainInvalid,
        `no threshold up to 1 gives ${target} false alarms per station-day on the validation stations: false alarms score 1`,
      );
    }
    return {
      falseAlarmsPerStationDay: target,
      threshold: c.threshold,
      measuredFalseAlarmsPerStationDay: c.falseAlarmsPerStationDay,
    };
  });
  return {
    points,
    stations: streams.length,
    stationDays: streams.reduce((n, st) => n + st.durationSeconds, 0) / 86_400,
    events: streams.reduce((n, st) => n + (st.events?.length ?? 0), 0),
    hopSeconds,
  };
}

/** Scores the validation stations of `s` with `parameters` and calibrates a threshold per target. */
export async function calibrateOnValidation(
  s: Scenario,
  pool: TrainingPool,
  parameters: Parameters,
  ctx: CalibrationContext,
): Promise<OperatingPoints> {
  const v = await validationThresholds(s, pool, parameters, ctx.targets);
  return {
    format: OPERATING_POINTS_FORMAT,
    version: OPERATING_POINTS_VERSION,
    weightsSha256: ctx.weightsSha256,
    defaultFalseAlarmsPerStationDay: ctx.targets[0]!,
    points: v.points,
    measurement: {
      data: 'validation',
      stations: v.stations,
      stationDays: v.stationDays,
      seed: s.validation.seed,
      date: ctx.date,
      hopSeconds: v.hopSeconds,
      description: `${v.stations} synthetic validation stations × ${s.validation.streamHours} h (${v.events} events to find, ${s.test.quakesPerDay} quakes/day), from ${ctx.command}`,
    },
  };
}
