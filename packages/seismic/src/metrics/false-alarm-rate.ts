/**
 * Calibrating a detector's threshold to a false-alarm rate: the lowest score threshold at which the
 * merged detections of some streams stay within a target number of false alarms per station-day.
 *
 * Detections are the runs of `mergeScoreRuns` — the rule a gateway's detector and the simulator's
 * evaluation use — so the threshold means the same thing wherever it is applied. On a site's noise every
 * detection is a false alarm; on validation streams with known events only the detections that
 * `matchEvents` (the event-level evaluation's rule) calls false alarms count: hits, duplicates on an
 * event and detections on an event too weak to count do not.
 *
 * Merged runs are not monotone in the threshold (raising it can split one run into two), so the result
 * is the lowest threshold such that it *and every higher one* meet the target: no threshold above the
 * operating point gives more false alarms than allowed.
 */
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import { mergeScoreRuns, windowEvidence, type ScoreRunOptions } from '../score-runs.js';
import { matchEvents, type EventSpan } from './event.js';

const SECONDS_PER_DAY = 86_400;

/** Scores of one continuous stream, and what counts as a false alarm on it. */
export interface CalibrationStream {
  /** Window starts, epoch ms, increasing. */
  startTimes: ArrayLike<number>;
  /** One score per window (NaN: never positive). */
  scores: ArrayLike<number>;
  /** Seconds of data the stream covers. */
  durationSeconds: number;
  /** Known events: a detection on one is not a false alarm (default: none, every detection is one). */
  events?: readonly EventSpan[];
  /** Events too weak to count: a detection on one is not a false alarm either. */
  ignoredEvents?: readonly EventSpan[];
  /** Each window's onset pick, epoch ms (NaN: none), dating detections as `mergeScoreRuns` does. */
  onsets?: ArrayLike<number>;
}

/** Options: how windows merge into detections, and `matchEvents`' hit window for known events. */
export interface FalseAlarmRateOptions extends ScoreRunOptions {
  /** Hit window around a P arrival, s (default `METRIC_DEFAULTS.hitWindowSeconds`). */
  hitWindowSeconds?: readonly [number, number];
}

/** The calibrated operating point. */
export interface FalseAlarmCalibration {
  /**
   * Windows scoring at or above it are positive. Either a score present in the data or, when even the
   * highest-scoring false alarm is one too many, the smallest float32 above it. `null`: no threshold
   * in [0, 1] meets the target (false alarms score 1).
   */
  threshold: number | null;
  /** False alarms at `threshold` (0 when it is null). */
  falseAlarms: number;
  /** Station-days of data the rate is measured on. */
  stationDays: number;
  /** `falseAlarms / stationDays`. */
  falseAlarmsPerStationDay: number;
}

/** False alarms among detection times (epoch ms) of one stream. */
function falseAlarmsOf(
  times: number[],
  stream: CalibrationStream,
  hitWindowSeconds: FalseAlarmRateOptions['hitWindowSeconds'],
): number {
  return matchEvents(times, stream.events ?? [], {
    ignored: stream.ignoredEvents ?? [],
    ...(hitWindowSeconds ? { hitWindowSeconds } : {}),
  }).falseAlarms;
}

/** The smallest float32 strictly above `x` (scores are float32 model outputs). */
function float32Above(x: number): number {
  const f = Math.fround(x);
  if (f > x) return f;
  const bits = new Uint32Array(new Float32Array([f]).buffer);
  bits[0] = f >= 0 ? bits[0]! + 1 : bits[0]! - 1;
  return new Float32Array(bits.buffer)[0]!;
}

/**
 * The lowest threshold at which the streams give at most `targetPerStationDay` false alarms per
 * station-day, at that threshold and every higher one (see the module comment).
 * @throws SeismicError `QF_ERR_BAD_OPTIONS` for a negative or non-finite target, no data or no finite
 *   score, or a stream whose scores and starts differ in length
 */
export function thresholdForFalseAlarmRate(
  streams: readonly CalibrationStream[],
  targetPerStationDay: number,
  options: FalseAlarmRateOptions = {},
): FalseAlarmCalibration {
  const bad = (m: string): never => {
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, m);
  };
  if (!(Number.isFinite(targetPerStationDay) && targetPerStationDay >= 0))
    bad(`target false-alarm rate must be a finite number >= 0, got ${targetPerStationDay}`);
  streams.forEach((s, i) => {
    if (s.scores.length !== s.startTimes.length)
      bad(`stream ${i}: ${s.scores.length} scores for ${s.startTimes.length} windows`);
    if (!(s.durationSeconds >= 0)) bad(`stream ${i}: duration must be >= 0 s, got ${s.durationSeconds}`);
  });
  const stationDays = streams.reduce((n, s) => n + s.durationSeconds, 0) / SECONDS_PER_DAY;
  if (!(stationDays > 0)) bad('no data to calibrate on (total duration 0)');
  // Compared in counts; the epsilon absorbs rounding in target × station-days (e.g. 0.1 × 10).
  const allowed = targetPerStationDay * stationDays + 1e-9;

  // What is thresholded is each window's evidence, computed once; merged below as is (medianWindows 1).
  const evidence = streams.map((s) => windowEvidence(s.startTimes, s.scores, options));
  const runOptions = { ...options, medianWindows: 1 };
  // Every window, highest evidence first; equal values become positive together.
  const order: { stream: number; score: number }[] = [];
  evidence.forEach((e, k) => {
    for (let i = 0; i < e.length; i++) if (Number.isFinite(e[i]!)) order.push({ stream: k, score: e[i]! });
  });
  if (order.length === 0) bad('no window scores to calibrate on');
  order.sort((a, b) => b.score - a.score);

  const perStream = new Array<number>(streams.length).fill(0);
  let total = 0;
  let best: FalseAlarmCalibration | null = null;
  for (let at = 0; at < order.length; ) {
    const threshold = order[at]!.score;
    const changed = new Set<number>();
    for (; at < order.length && order[at]!.score === threshold; at++) changed.add(order[at]!.stream);
    for (const k of changed) {
      const s = streams[k]!;
      const fa = falseAlarmsOf(
        mergeScoreRuns(
          s.startTimes,
          evidence[k]!,
          threshold,
          s.onsets ? { ...runOptions, onsets: s.onsets } : runOptions,
        ).map((r) => r.time),
        s,
        options.hitWindowSeconds,
      );
      total += fa - perStream[k]!;
      perStream[k] = fa;
    }
    if (total > allowed) break;
    best = { threshold, falseAlarms: total, stationDays, falseAlarmsPerStationDay: total / stationDays };
  }
  if (best) return best;
  // Even the highest score is a false alarm too many: only a threshold above every score meets the target.
  const above = float32Above(order[0]!.score);
  return { threshold: above <= 1 ? above : null, falseAlarms: 0, stationDays, falseAlarmsPerStationDay: 0 };
}
