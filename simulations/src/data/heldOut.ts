/**
 * The held-out evaluation set: stations that never train (their own seed and network code), each with
 * a continuous stream. Every compared model is scored on the same sliding detection windows of these
 * streams; window-level metrics use their labels, event-level metrics the streams' true P arrivals.
 *
 * Labels follow the seismic package's rule (positive when a P arrival lies 1–7 s into the window).
 * Windows that hold quake energy without being positive (P just outside that span, or the coda after
 * it) are left out of the window-level metrics: they are neither a fair positive nor a fair negative.
 * Events too weak to see (P-wave SNR below the catalogue threshold that labelled training windows use)
 * do not count as events to find; a detection on one is not a false alarm either.
 */
import {
  labelWindows,
  makeStationPopulation,
  stationId,
  synthesizeStream,
  WINDOW_DEFAULTS,
  windowTrace,
  type StationProfile,
  type Trace,
  type TraceWindows,
  type WindowSet,
} from '@quakefed/seismic';
import { createRng } from '@quakefed/seismic';
import type { Scenario } from '../scenario.js';
import { streamTruth, type StreamTruth } from '../eval/eventLevel.js';
import { populationKnobs } from './population.js';

/** Seconds after a P arrival during which a window still holds quake energy (coda). */
const CODA_S = 30;
/** Negatives of the per-round monitoring subset. */
const MONITOR_NEGATIVES = 2000;
/** Start of every synthetic stream. */
export const STREAM_START = Date.UTC(2024, 5, 1);

/** One held-out station. */
export interface HeldOutStation {
  id: string;
  profile: StationProfile;
  trace: Trace;
  windows: TraceWindows;
  /** Window labels (1 quake); meaningful where `included` is 1. */
  labels: Uint8Array;
  /** 1: the window takes part in window-level metrics. */
  included: Uint8Array;
  truth: StreamTruth;
}

export interface HeldOutSet {
  stations: HeldOutStation[];
  /** All positives and a seeded sample of negatives of the included windows: cheap per-round monitoring. */
  monitor: WindowSet;
}

/** Synthesizes the held-out stations and their windows. */
export function makeHeldOutSet(s: Scenario): HeldOutSet {
  const profiles = makeStationPopulation(s.test.stations, s.test.seed, { ...populationKnobs(s), network: 'HO', noQuakeShare: 0 });
  const stations = profiles.map((profile, i) => heldOutStation(s, profile, s.test.seed + i + 1));
  return { stations, monitor: monitorSet(stations, s.test.seed) };
}

function heldOutStation(s: Scenario, profile: StationProfile, seed: number): HeldOutStation {
  const durationS = s.test.streamHours * 3600;
  const stream = synthesizeStream(profile, { startTime: STREAM_START, durationS, seed, quakeRatePerDay: s.test.quakesPerDay });
  const windows = windowTrace(stream.trace, { hopS: s.test.detectionHopSeconds });
  const truth = streamTruth(stream.events, durationS * 1000);
  const all = stream.events.map((e) => e.pArrivalTime);
  const labels = labelWindows(windows.startTimes, truth.events.map((e) => e.pArrivalTime));
  const nearQuake = labelWindows(windows.startTimes, all, [-CODA_S, WINDOW_DEFAULTS.windowS]);
  const included = labels.map((l, i) => (l === 1 || nearQuake[i] === 0 ? 1 : 0));
  return {
    id: stationId(profile),
    profile,
    trace: stream.trace,
    windows,
    labels,
    included,
    truth,
  };
}

function monitorSet(stations: HeldOutStation[], seed: number): WindowSet {
  const picks: { st: HeldOutStation; i: number }[] = [];
  const negatives: { st: HeldOutStation; i: number }[] = [];
  for (const st of stations) {
    for (let i = 0; i < st.windows.count; i++) {
      if (!st.included[i]) continue;
      (st.labels[i] ? picks : negatives).push({ st, i });
    }
  }
  const rng = createRng(seed ^ 0x68e31da4);
  for (let k = 0; k < Math.min(MONITOR_NEGATIVES, negatives.length); k++) {
    const j = k + rng.int(negatives.length - k);
    [negatives[k], negatives[j]] = [negatives[j]!, negatives[k]!];
    picks.push(negatives[k]!);
  }
  const first = stations[0]!.windows;
  const stride = first.length * first.channels;
  const x = new Float32Array(picks.length * stride);
  const labels = new Uint8Array(picks.length);
  picks.forEach(({ st, i }, k) => {
    x.set(st.windows.x.subarray(i * stride, (i + 1) * stride), k * stride);
    labels[k] = st.labels[i]!;
  });
  return { x, labels, count: picks.length, length: first.length, channels: first.channels };
}
