/**
 * Event-level evaluation on continuous streams: detections (times) are matched one-to-one to true P
 * arrivals within ±tolerance. Because every allowed pair is an interval constraint on one time axis,
 * the earliest-first sweep below finds a maximum matching.
 */
import { METRIC_DEFAULTS } from '../defaults.js';

/** One matched detection. */
export interface EventMatch {
  eventIndex: number;
  detectionIndex: number;
  /** Detection time − P arrival, seconds. */
  delayS: number;
}

/** Event-level outcome; add `matched`, `missed` and `falseAlarms` across stations to merge. */
export interface EventMatchResult {
  matches: EventMatch[];
  matched: number;
  missed: number;
  falseAlarms: number;
  /** matched / events (NaN with no events). */
  eventRecall: number;
  /** matched / detections (NaN with no detections). */
  precision: number;
}

/** Matches detection times to P-arrival times (both epoch ms) within ±`toleranceS` (default 2 s). */
export function matchEvents(
  detectionTimes: ArrayLike<number>,
  pArrivalTimes: ArrayLike<number>,
  toleranceS: number = METRIC_DEFAULTS.eventToleranceS,
): EventMatchResult {
  const tol = toleranceS * 1000;
  const det = Array.from({ length: detectionTimes.length }, (_, i) => i).sort(
    (a, b) => detectionTimes[a]! - detectionTimes[b]!,
  );
  const ev = Array.from({ length: pArrivalTimes.length }, (_, i) => i).sort(
    (a, b) => pArrivalTimes[a]! - pArrivalTimes[b]!,
  );
  const matches: EventMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < det.length && j < ev.length) {
    const d = detectionTimes[det[i]!]!;
    const e = pArrivalTimes[ev[j]!]!;
    if (d < e - tol) i++;
    else if (d > e + tol) j++;
    else {
      matches.push({ eventIndex: ev[j]!, detectionIndex: det[i]!, delayS: (d - e) / 1000 });
      i++;
      j++;
    }
  }
  const matched = matches.length;
  return {
    matches,
    matched,
    missed: pArrivalTimes.length - matched,
    falseAlarms: detectionTimes.length - matched,
    eventRecall: pArrivalTimes.length === 0 ? Number.NaN : matched / pArrivalTimes.length,
    precision: detectionTimes.length === 0 ? Number.NaN : matched / detectionTimes.length,
  };
}

/** False alarms per station-day, the rate seismologists compare detectors by. */
export function falseAlarmsPerStationDay(falseAlarms: number, stationSeconds: number): number {
  return stationSeconds <= 0 ? Number.NaN : falseAlarms / (stationSeconds / 86400);
}
