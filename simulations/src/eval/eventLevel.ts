/**
 * Event-level evaluation on continuous streams: a detector is run at a sweep of thresholds; at each,
 * its detections are matched one-to-one to the true P arrivals within ±tolerance, giving event recall
 * and false alarms per station-day. The same sweep serves model scores and STA/LTA triggers.
 */
import { matchEvents } from '@quakefed/seismic';
import type { EventLevelResult, EventPoint } from './types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';

const MS_PER_DAY = 86_400_000;

/** Truth of one continuous test stream. */
export interface StreamTruth {
  /** True P arrival times of the events to find, epoch ms, increasing. */
  eventTimes: number[];
  /** Arrivals of real but invisible events: a detection on one is neither a hit nor a false alarm. */
  ignoredEventTimes: number[];
  durationMs: number;
}

/** Detection times (epoch ms, increasing) on every stream, in the order of the truths, at one threshold. */
export type DetectAt = (threshold: number) => number[][];

/** One operating point of a detector. */
export function eventPoint(threshold: number, detections: number[][], truths: StreamTruth[], toleranceMs: number): EventPoint {
  let events = 0;
  let matched = 0;
  let falseAlarms = 0;
  let days = 0;
  truths.forEach((truth, i) => {
    const det = detections[i] ?? [];
    const m = matchEvents(det, truth.eventTimes, toleranceMs / 1000);
    const hit = new Set(m.matches.map((x) => x.detectionIndex));
    const unmatched = det.filter((_, k) => !hit.has(k));
    events += truth.eventTimes.length;
    matched += m.matched;
    falseAlarms += matchEvents(unmatched, truth.ignoredEventTimes, toleranceMs / 1000).falseAlarms;
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
