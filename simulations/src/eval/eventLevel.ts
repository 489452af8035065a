/**
 * Event-level evaluation on continuous streams: a detector is run at a sweep of thresholds; at each,
 * its detections are matched one-to-one to the true P arrivals within ±tolerance, giving event recall
 * and false alarms per station-day. The same sweep serves model scores and STA/LTA triggers.
 */
import type { EventLevelResult, EventPoint } from './types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';

const MS_PER_DAY = 86_400_000;

/** Truth of one continuous test stream. */
export interface StreamTruth {
  /** True P arrival times, epoch ms, increasing. */
  eventTimes: number[];
  durationMs: number;
}

/** Detection times (epoch ms, increasing) on every stream, in the order of the truths, at one threshold. */
export type DetectAt = (threshold: number) => number[][];

/**
 * Matches detections to events one-to-one within ±tolerance. Walking events in time order, each takes
 * the earliest unused detection inside its interval; because the intervals' ends are ordered like
 * their centres, this greedy walk finds a maximum matching.
 * @returns the number of matched events; the other detections are false alarms
 */
export function countMatches(detections: number[], events: number[], toleranceMs: number): number {
  let matched = 0;
  let d = 0;
  for (const t of events) {
    while (d < detections.length && detections[d]! < t - toleranceMs) d++;
    if (d >= detections.length) break;
    if (detections[d]! <= t + toleranceMs) {
      matched++;
      d++;
    }
  }
  return matched;
}

/** One operating point of a detector. */
export function eventPoint(threshold: number, detections: number[][], truths: StreamTruth[], toleranceMs: number): EventPoint {
  let events = 0;
  let matched = 0;
  let falseAlarms = 0;
  let days = 0;
  truths.forEach((truth, i) => {
    const det = detections[i] ?? [];
    const m = countMatches(det, truth.eventTimes, toleranceMs);
    events += truth.eventTimes.length;
    matched += m;
    falseAlarms += det.length - m;
    days += truth.durationMs / MS_PER_DAY;
  });
  return { threshold, recall: events === 0 ? 0 : matched / events, falseAlarmsPerStationDay: falseAlarms / days };
}

/**
 * Sweeps the thresholds and summarises the curve at the operating points of the results table.
 * @param thresholds any order; each is evaluated once
 */
export function eventLevelMetrics(detectAt: DetectAt, truths: StreamTruth[], thresholds: number[], toleranceMs: number): EventLevelResult {
  const curve = thresholds
    .map((t) => eventPoint(t, detectAt(t), truths, toleranceMs))
    .sort((a, b) => a.falseAlarmsPerStationDay - b.falseAlarmsPerStationDay || a.recall - b.recall);
  let recallAtFalseAlarmRate = 0;
  let falseAlarmsAtRecall: number | null = null;
  for (const p of curve) {
    if (p.falseAlarmsPerStationDay <= EVENT_OPERATING_POINTS.falseAlarmsPerStationDay) recallAtFalseAlarmRate = Math.max(recallAtFalseAlarmRate, p.recall);
    if (p.recall >= EVENT_OPERATING_POINTS.eventRecall && falseAlarmsAtRecall === null) falseAlarmsAtRecall = p.falseAlarmsPerStationDay;
  }
  return {
    events: truths.reduce((n, t) => n + t.eventTimes.length, 0),
    stationDays: truths.reduce((n, t) => n + t.durationMs / MS_PER_DAY, 0),
    recallAtFalseAlarmRate,
    falseAlarmsAtRecall,
    curve,
  };
}

/**
 * Thresholds for a sweep over arbitrary scores: the score values at which the number of windows above
 * threshold is 1, 2, 4, … (log-spaced counts, so the rare high-score tail where operating points of a
 * rare-event detector lie is sampled as finely as the bulk).
 */
export function sweepThresholds(scores: ArrayLike<number>, perOctave = 4): number[] {
  const sorted = Float64Array.from(scores).sort().reverse();
  const out = new Set<number>();
  for (let k = 0; ; k++) {
    const rank = Math.round(2 ** (k / perOctave)) - 1;
    if (rank >= sorted.length) break;
    out.add(sorted[rank]!);
  }
  return [...out];
}
