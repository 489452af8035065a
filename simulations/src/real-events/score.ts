/**
 * Scoring a detector on real events as seismologists score pickers: an event is found when a
 * detection falls in its hit window around the analyst's P pick (the seismic package's
 * `METRIC_DEFAULTS.hitWindowSeconds`, −5 s … +10 s); a detection
 * before that window is a false detection in the pre-event noise; detections after the hit window
 * (the event's S wave and coda fill the rest of each recording) are neither.
 *
 * The Geysers (network BG) are counted apart: small earthquakes occur there every few minutes, so a
 * "false" detection in a BG file's pre-event noise may be a real, smaller quake.
 */
import { METRIC_DEFAULTS } from '@quakefed/seismic';
import type { RecallCount } from '../eval/types.js';
import type { ChannelType, RealEvent } from './dev-set.js';

/** Network whose pre-event noise holds frequent small real quakes (The Geysers). */
export const BUSY_NETWORK = 'BG';

/** False detections in pre-event noise and the noise they were found in. */
export interface NoiseCount {
  falseDetections: number;
  noiseHours: number;
  perHour: number;
}

/** A detector's figures on a set of real events. */
export interface RealEventScore {
  all: RecallCount;
  /** Recall by instrument family, and for vertical-only stations. */
  byChannelType: Partial<Record<ChannelType, RecallCount>>;
  verticalOnly: RecallCount;
  /** Events outside network BG, and within it. */
  quietNetworks: RecallCount;
  busyNetwork: RecallCount;
  /** False detections in the pre-event noise of non-BG files (the figure a target applies to), and of BG files. */
  noise: NoiseCount;
  busyNetworkNoise: NoiseCount;
  /** Per event, in input order: whether it was found and its false detections. */
  perEvent: { file: string; hit: boolean; falseDetections: number; delaySeconds: number | null }[];
}

/** One event's outcome for the detections made on its recording. */
function scoreEvent(
  e: RealEvent & { dataStart: number },
  detections: readonly number[],
  window: readonly [number, number],
  blindMs: number,
) {
  const from = e.pTime + window[0] * 1000;
  const to = e.pTime + window[1] * 1000;
  let delay: number | null = null;
  let falseDetections = 0;
  for (const t of detections) {
    if (t < e.dataStart + blindMs) continue;
    if (t < from) falseDetections++;
    else if (t <= to && (delay === null || Math.abs(t - e.pTime) < Math.abs(delay))) delay = t - e.pTime;
  }
  return { hit: delay !== null, falseDetections, delaySeconds: delay === null ? null : delay / 1000 };
}

function recallOf(flags: boolean[]): RecallCount {
  const hits = flags.filter(Boolean).length;
  return { events: flags.length, hits, recall: flags.length === 0 ? Number.NaN : hits / flags.length };
}

function noiseOf(falseDetections: number, seconds: number): NoiseCount {
  const noiseHours = seconds / 3600;
  return { falseDetections, noiseHours, perHour: noiseHours > 0 ? falseDetections / noiseHours : Number.NaN };
}

/** Options of {@link scoreRealEvents}. */
export interface RealEventScoringOptions {
  /** Hit window around the P pick, s; default `METRIC_DEFAULTS.hitWindowSeconds`. */
  hitWindowSeconds?: readonly [number, number];
  /**
   * Seconds at the start of each recording that are not scored: detections there count for nothing
   * and the noise is measured from its end. STA/LTA is blind for its LTA length; scoring a model over
   * the same span compares the two on equal data. Default 0.
   */
  blindStartSeconds?: number;
}

/**
 * Scores detections on real events.
 * @param events the events, each with the start of its recording (epoch ms) — the pre-event noise
 *   runs from there (plus `blindStartSeconds`) to the start of the hit window
 * @param detections detection times (epoch ms) per event, in the same order
 */
export function scoreRealEvents(
  events: readonly (RealEvent & { dataStart: number })[],
  detections: readonly (readonly number[])[],
  options: RealEventScoringOptions = {},
): RealEventScore {
  const window = options.hitWindowSeconds ?? METRIC_DEFAULTS.hitWindowSeconds;
  const blindMs = (options.blindStartSeconds ?? 0) * 1000;
  const perEvent = events.map((e, i) => ({ file: e.file, ...scoreEvent(e, detections[i] ?? [], window, blindMs) }));
  const pick = (keep: (e: RealEvent) => boolean) =>
    recallOf(perEvent.filter((_, i) => keep(events[i]!)).map((p) => p.hit));
  const noiseFor = (busy: boolean): NoiseCount => {
    let falseDetections = 0;
    let seconds = 0;
    events.forEach((e, i) => {
      if ((e.network === BUSY_NETWORK) !== busy) return;
      falseDetections += perEvent[i]!.falseDetections;
      seconds += Math.max(0, e.pTime + window[0] * 1000 - e.dataStart - blindMs) / 1000;
    });
    return noiseOf(falseDetections, seconds);
  };
  const types = [...new Set(events.map((e) => e.channelType))].sort();
  return {
    all: pick(() => true),
    byChannelType: Object.fromEntries(types.map((t) => [t, pick((e) => e.channelType === t)])),
    verticalOnly: pick((e) => e.verticalOnly),
    quietNetworks: pick((e) => e.network !== BUSY_NETWORK),
    busyNetwork: pick((e) => e.network === BUSY_NETWORK),
    noise: noiseFor(false),
    busyNetworkNoise: noiseFor(true),
    perEvent,
  };
}
