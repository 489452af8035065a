/**
 * Event-level scoring on continuous streams, the way pickers are scored: a detection is a HIT for an
 * event when it lies in a window around the event's P arrival (`METRIC_DEFAULTS.hitWindowSeconds`, −5 s …
 * +10 s), at most one hit per event. Every allowed pair is an interval of the same length on one time
 * axis, so the earliest-first sweep below finds a maximum matching.
 *
 * The detections left over are not all false alarms. One inside an event's zone — its hit window or
 * its signal, from P to the end of its coda — is a DUPLICATE (a second trigger on the same event: the
 * S wave, the coda); one inside the zone of an ignored event (a real event too weak to count) is
 * neither right nor wrong either. Only a detection away from every event's zone is a FALSE ALARM.
 */
import { METRIC_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import type { EventTruth } from '../types.js';

/** What scoring needs of a true event: its P arrival and the end of its signal (epoch ms). */
export type EventSpan = Pick<EventTruth, 'pArrivalTime' | 'endTime'>;

/** Options of `matchEvents`. */
export interface EventMatchOptions {
  /** Hit window around the P arrival, seconds [earliest, latest]; default `METRIC_DEFAULTS.hitWindowSeconds`. */
  hitWindowSeconds?: readonly [number, number];
  /** Real events that do not count (too weak to find): a detection on one is neither a hit nor a false alarm. */
  ignored?: readonly EventSpan[];
}

/** One hit: a detection matched to an event. */
export interface EventMatch {
  eventIndex: number;
  detectionIndex: number;
  /** Detection time − P arrival, seconds. */
  delaySeconds: number;
}

/**
 * Event-level outcome. Every detection is exactly one of: a hit (`matched`), a duplicate, a detection
 * on an ignored event (`onIgnored`) or a false alarm; add the counts across stations to merge.
 */
export interface EventMatchResult {
  matches: EventMatch[];
  /** Events with a hit (= detections that are hits). */
  matched: number;
  missed: number;
  /** Detections that are not a hit but lie in a counted event's hit window or signal. */
  duplicates: number;
  /** Detections that are neither a hit nor a duplicate but lie in an ignored event's hit window or signal. */
  onIgnored: number;
  /** Detections away from every event. */
  falseAlarms: number;
  /** matched / events (NaN with no events). */
  eventRecall: number;
}

/** Indices of `values` in increasing order of value. */
function order(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
}

/** One-to-one hits by the earliest-first sweep (maximum, since every hit window has the same length). */
function sweepHits(
  detectionTimes: ArrayLike<number>,
  pTimes: readonly number[],
  loMs: number,
  hiMs: number,
): EventMatch[] {
  const det = order(detectionTimes);
  const ev = order(pTimes);
  const matches: EventMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < det.length && j < ev.length) {
    const d = detectionTimes[det[i]!]!;
    const e = pTimes[ev[j]!]!;
    if (d < e + loMs) i++;
    else if (d > e + hiMs) j++;
    else {
      matches.push({ eventIndex: ev[j]!, detectionIndex: det[i]!, delaySeconds: (d - e) / 1000 });
      i++;
      j++;
    }
  }
  return matches;
}

/** Zones of events — from the earlier of hit-window start and P to the later of hit-window end and signal end — merged, increasing. */
function zonesOf(events: readonly EventSpan[], loMs: number, hiMs: number): [number, number][] {
  const zones = events
    .map((e): [number, number] => [e.pArrivalTime + Math.min(0, loMs), Math.max(e.pArrivalTime + hiMs, e.endTime)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const z of zones) {
    const last = merged[merged.length - 1];
    if (last && z[0] <= last[1]) last[1] = Math.max(last[1], z[1]);
    else merged.push(z);
  }
  return merged;
}

/** Splits increasing `times` into those inside one of the merged, increasing `zones` and the rest. */
function partitionByZones(
  times: readonly number[],
  zones: readonly [number, number][],
): { inside: number[]; outside: number[] } {
  const inside: number[] = [];
  const outside: number[] = [];
  let z = 0;
  for (const t of times) {
    while (z < zones.length && zones[z]![1] < t) z++;
    (z < zones.length && zones[z]![0] <= t ? inside : outside).push(t);
  }
  return { inside, outside };
}

/**
 * Scores detection times (epoch ms) against the true events to find (see the module comment).
 * @throws SeismicError `QF_ERR_BAD_OPTIONS` when the hit window's earliest offset is after its latest
 */
export function matchEvents(
  detectionTimes: ArrayLike<number>,
  events: readonly EventSpan[],
  options: EventMatchOptions = {},
): EventMatchResult {
  const [lo, hi] = options.hitWindowSeconds ?? METRIC_DEFAULTS.hitWindowSeconds;
  if (!(lo <= hi))
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badOptions,
      `hitWindowSeconds must be [earliest, latest] seconds, got [${lo}, ${hi}]`,
    );
  const loMs = lo * 1000;
  const hiMs = hi * 1000;
  const matches = sweepHits(
    detectionTimes,
    events.map((e) => e.pArrivalTime),
    loMs,
    hiMs,
  );
  const hit = new Set(matches.map((m) => m.detectionIndex));
  const rest = order(detectionTimes)
    .filter((k) => !hit.has(k))
    .map((k) => detectionTimes[k]!);
  const onCounted = partitionByZones(rest, zonesOf(events, loMs, hiMs));
  const onIgnored = partitionByZones(onCounted.outside, zonesOf(options.ignored ?? [], loMs, hiMs));
  return {
    matches,
    matched: matches.length,
    missed: events.length - matches.length,
    duplicates: onCounted.inside.length,
    onIgnored: onIgnored.inside.length,
    falseAlarms: onIgnored.outside.length,
    eventRecall: events.length === 0 ? Number.NaN : matches.length / events.length,
  };
}

/** False alarms per station-day, the rate seismologists compare detectors by. */
export function falseAlarmsPerStationDay(falseAlarms: number, stationSeconds: number): number {
  return stationSeconds <= 0 ? Number.NaN : falseAlarms / (stationSeconds / 86400);
}
