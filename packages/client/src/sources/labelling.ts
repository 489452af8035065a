/**
 * Labels archive windows from catalogue arrivals.
 *
 * Rule (per window [start, start + L)):
 *  1. positive — a *detectable* event's predicted P arrival lies in the window's admissible onset span
 *     [start + onsetMin, start + onsetMax] (the same convention the synthetic generator labels with);
 *  2. excluded — otherwise, the window overlaps the signal of a detectable event, or of an event just
 *     below the detectability threshold (within `exclusionMagnitudeBand`), i.e.
 *     [arrival − arrivalUncertaintySeconds, arrival + signal duration]: such windows may or may not show
 *     earthquake energy, so they are neither taught as quake nor as noise;
 *  3. negative — everything else (events far below the threshold are invisible: their windows are noise).
 * Detectability and signal duration are defined in travel-time.ts.
 */
import type { CatalogueEvent } from './catalogue.js';
import {
  codaDurationSeconds,
  detectabilityThreshold,
  hypocentralDistanceKm,
  predictedPArrivalMs,
  type ArrivalModel,
  type StationCoordinates,
} from './travel-time.js';
import type { LabellingOptions } from '../defaults.js';

/** A catalogued event as it appears at one station. */
export interface PredictedArrival {
  event: CatalogueEvent;
  /** Predicted P arrival, epoch ms. */
  time: number;
  distanceKm: number;
  /** At or above the detectability threshold: labels windows positive. */
  detectable: boolean;
  /** Start and end of the span whose windows are excluded unless positive, epoch ms. */
  excludeFrom: number;
  excludeTo: number;
}

/** Label of one window: 1 quake, 0 noise, -1 excluded from training and evaluation. */
export type WindowLabel = 1 | 0 | -1;

/** Where in a positive window the P onset may lie, seconds from the window start. */
export interface OnsetSpan {
  minOffsetSeconds: number;
  maxOffsetSeconds: number;
}

/** Arrivals of every event that matters at the station (invisible events are dropped), by time. */
export function predictArrivals(
  events: readonly CatalogueEvent[],
  station: StationCoordinates,
  options: LabellingOptions,
): PredictedArrival[] {
  const model: ArrivalModel = options;
  const arrivals: PredictedArrival[] = [];
  for (const event of events) {
    const distanceKm = hypocentralDistanceKm(event, station);
    const threshold = detectabilityThreshold(distanceKm, model);
    if (event.magnitude < threshold - options.exclusionMagnitudeBand) continue;
    const time = predictedPArrivalMs(event, station, model);
    arrivals.push({
      event,
      time,
      distanceKm,
      detectable: event.magnitude >= threshold,
      excludeFrom: time - options.arrivalUncertaintySeconds * 1000,
      excludeTo: time + codaDurationSeconds(event.magnitude, options.minSignalSeconds) * 1000,
    });
  }
  return arrivals.sort((a, b) => a.time - b.time);
}

/**
 * Labels windows starting at `starts` (epoch ms, increasing) of length `windowMs`.
 * @returns one label per window and, for positives, the arrival that made it positive
 */
export function labelWindows(
  starts: ArrayLike<number>,
  windowMs: number,
  arrivals: readonly PredictedArrival[],
  onset: OnsetSpan,
): { labels: Int8Array; arrivalOf: (PredictedArrival | undefined)[] } {
  const labels = new Int8Array(starts.length);
  const arrivalOf: (PredictedArrival | undefined)[] = new Array(starts.length);
  // Arrivals are sorted; `first` skips those whose exclusion span ended before the current window.
  let first = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = start + windowMs;
    while (first < arrivals.length && arrivals[first]!.excludeTo <= start) first++;
    let label: WindowLabel = 0;
    for (let k = first; k < arrivals.length; k++) {
      const a = arrivals[k]!;
      if (a.excludeFrom >= end) break;
      const inSpan = a.time >= start + onset.minOffsetSeconds * 1000 && a.time <= start + onset.maxOffsetSeconds * 1000;
      if (a.detectable && inSpan) {
        label = 1;
        arrivalOf[i] = a;
        break;
      }
      if (a.excludeTo > start) label = -1;
    }
    labels[i] = label;
  }
  return { labels, arrivalOf };
}
