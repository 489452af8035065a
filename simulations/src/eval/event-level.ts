/**
 * Event-level evaluation on continuous streams: a detector is run at a sweep of thresholds; at each,
 * its detections are scored against the streams' events by the seismic package's `matchEvents` (a hit
 * in the window around the P arrival, −5 s … +10 s by default; duplicates and detections on events too
 * weak to count are not false alarms), giving event recall and false alarms per station-day. The same
 * sweep serves model scores and STA/LTA triggers; its summary is read off the recall envelope.
 */
import { LABELLED_DEFAULTS, matchEvents, METRIC_DEFAULTS, type EventTruth } from '@quakefed/seismic';
import type { EventLevelResult, EventPoint, EventScoringOptions } from './types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';
import { falseAlarmsAtRecall, operatingPoint, recallEnvelope, type ScoredThreshold } from './operating-point.js';

const MS_PER_DAY = 86_400_000;

/** What event-level scoring needs of a true event. */
export type TruthEvent = Pick<EventTruth, 'pArrivalTime' | 'endTime' | 'snr'>;

/** Truth of one continuous test stream. */
export interface StreamTruth {
  /** The events to find (P-wave SNR at or above the visibility threshold), P arrival increasing. */
  events: TruthEvent[];
  /** Real events too weak to see: a detection on one is neither a hit nor a false alarm. */
  ignored: TruthEvent[];
  durationMs: number;
}

/**
 * The truth of a synthetic stream: its quakes split into those to find and those too weak to count.
 * @param minSnr P-wave SNR from which an event counts (default: the catalogue threshold of labelled training windows)
 */
export function streamTruth(
  events: readonly EventTruth[],
  durationMs: number,
  minSnr: number = LABELLED_DEFAULTS.minSnr,
): StreamTruth {
  const truth = events.map(({ pArrivalTime, endTime, snr }) => ({ pArrivalTime, endTime, snr }));
  return { events: truth.filter((e) => e.snr >= minSnr), ignored: truth.filter((e) => e.snr < minSnr), durationMs };
}

/** Detection times (epoch ms, increasing) on every stream, in the order of the truths, at one threshold. */
export type DetectAt = (threshold: number) => number[][];

function scoringOptions(options: Partial<EventScoringOptions>): EventScoringOptions {
  return { hitWindowSeconds: METRIC_DEFAULTS.hitWindowSeconds, snrFloor: EVENT_OPERATING_POINTS.snrFloor, ...options };
}

/** Scores one threshold's detections, keeping which events were hit (streams concatenated). */
function scoreThreshold(
  threshold: number,
  detections: number[][],
  truths: StreamTruth[],
  hitWindowSeconds: readonly [number, number],
): ScoredThreshold {
  let hits = 0;
  let events = 0;
  let falseAlarms = 0;
  let duplicates = 0;
  let durationMs = 0;
  const hit: boolean[] = [];
  truths.forEach((truth, i) => {
    const m = matchEvents(detections[i] ?? [], truth.events, { hitWindowSeconds, ignored: truth.ignored });
    const flags = truth.events.map(() => false);
    for (const x of m.matches) flags[x.eventIndex] = true;
    hit.push(...flags);
    events += truth.events.length;
    hits += m.matched;
    falseAlarms += m.falseAlarms;
    duplicates += m.duplicates;
    durationMs += truth.durationMs;
  });
  const stationDays = durationMs / MS_PER_DAY;
  return {
    point: {
      threshold,
      recall: events === 0 ? 0 : hits / events,
      falseAlarmsPerStationDay: falseAlarms / stationDays,
      hits,
      events,
      falseAlarms,
      duplicates,
      stationDays,
    },
    hit,
  };
}

/** One operating point of a detector: its detections at `threshold` scored against the truths. */
export function eventPoint(
  threshold: number,
  detections: number[][],
  truths: StreamTruth[],
  options: Partial<EventScoringOptions> = {},
): EventPoint {
  return scoreThreshold(threshold, detections, truths, scoringOptions(options).hitWindowSeconds).point;
}

/**
 * Sweeps the thresholds and summarises the curve at the operating points of the results.
 * @param thresholds any order; each is evaluated once
 */
export function eventLevelMetrics(
  detectAt: DetectAt,
  truths: StreamTruth[],
  thresholds: number[],
  options: Partial<EventScoringOptions> = {},
): EventLevelResult {
  const o = scoringOptions(options);
  const envelope = recallEnvelope(thresholds.map((t) => scoreThreshold(t, detectAt(t), truths, o.hitWindowSeconds)));
  const snrs = truths.flatMap((t) => t.events.map((e) => e.snr));
  const stationDays = truths.reduce((ms, t) => ms + t.durationMs, 0) / MS_PER_DAY;
  const at = (budget: number) => operatingPoint(budget, envelope, snrs, o.snrFloor);
  const recallAtOne = at(EVENT_OPERATING_POINTS.falseAlarmsPerStationDay);
  return {
    ...o,
    events: snrs.length,
    eventsAboveFloor: snrs.filter((s) => s >= o.snrFloor).length,
    stationDays,
    recallAtZero: at(0),
    recallAtOne,
    recallAtTen: at(EVENT_OPERATING_POINTS.looseFalseAlarmsPerStationDay),
    recallAtFalseAlarmRate: recallAtOne.all.recall,
    falseAlarmsAtRecall: falseAlarmsAtRecall(envelope, EVENT_OPERATING_POINTS.eventRecall),
    curve: envelope.map((s) => s.point),
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
