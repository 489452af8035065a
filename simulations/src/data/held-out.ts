/**
 * The held-out stations: stations that never train (their own seed and network code), each with a
 * continuous stream, in two parts apart — validation (per-round monitoring, early stopping) and test
 * (every compared model scored once, at the end, on the same sliding detection windows; window-level
 * metrics use their labels, event-level metrics the streams' true events).
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
  windowOnsetTimes,
  stationId,
  synthesizeStream,
  WINDOW_DEFAULTS,
  windowTrace,
  type StationProfile,
  type Trace,
  type TraceWindows,
  type WindowSet,
} from '@quakefed/seismic';
import { createRng, type Rng } from '@quakefed/seismic';
import type { Scenario } from '../scenario.js';
import { streamTruth, type StreamTruth } from '../eval/event-level.js';
import { populationKnobs } from './population.js';
import { concatWindows } from './window-sets.js';

/** Seconds after a P arrival during which a window still holds quake energy (coda). */
const CODA_SECONDS = 30;
/** Negatives of the validation set the rounds are monitored on. */
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
  /** Each window's in-window onset pick, epoch ms: what dates a detection whose best window it is. */
  onsets: Float64Array;
  truth: StreamTruth;
}

/** Which held-out stations: validation (per-round monitoring, early stopping) or test (scored once, at the end). */
export type HeldOutPart = 'validation' | 'test';

/** Network code of each part's stations. */
const NETWORKS: Record<HeldOutPart, string> = { validation: 'HV', test: 'HO' };

/**
 * The scenario whose test section describes the part's stations: validation stations are synthesized
 * exactly like test stations (quake rate, detection hop), with their own count, seed and stream length.
 */
function partScenario(s: Scenario, part: HeldOutPart): Scenario {
  if (part === 'test') return s;
  const { stations, seed, streamHours } = s.validation;
  return { ...s, test: { ...s.test, stations, seed, streamHours } };
}

/**
 * The part's stations, synthesized one at a time as the caller iterates: a test set of many
 * station-days does not fit in memory at once, so each station's windows can go once it is scored.
 */
export function* heldOutStations(s: Scenario, part: HeldOutPart): Generator<HeldOutStation> {
  const ps = partScenario(s, part);
  const profiles = makeStationPopulation(ps.test.stations, ps.test.seed, {
    ...populationKnobs(s),
    network: NETWORKS[part],
    noQuakeShare: 0,
  });
  for (const [i, profile] of profiles.entries()) yield heldOutStation(ps, profile, ps.test.seed + i + 1);
}

/**
 * The validation set the federated runs are monitored on after every round (and the converged
 * centralised baseline early-stopped on): every positive window of the validation stations and a
 * seeded sample of {@link MONITOR_NEGATIVES} negatives, spread evenly over the stations.
 */
export function makeValidationSet(s: Scenario): WindowSet {
  const rng = createRng(s.validation.seed ^ 0x68e31da4);
  const parts: WindowSet[] = [];
  let k = 0;
  for (const st of heldOutStations(s, 'validation')) {
    const quota =
      Math.floor(((k + 1) * MONITOR_NEGATIVES) / s.validation.stations) -
      Math.floor((k * MONITOR_NEGATIVES) / s.validation.stations);
    parts.push(monitorWindows(st, quota, rng));
    k++;
  }
  return concatWindows(parts);
}

/** A station's included positives and a seeded sample of `negatives` of its included negatives (copies). */
function monitorWindows(st: HeldOutStation, negatives: number, rng: Rng): WindowSet {
  const picks: number[] = [];
  const noise: number[] = [];
  for (let i = 0; i < st.windows.count; i++) {
    if (st.included[i]) (st.labels[i] ? picks : noise).push(i);
  }
  for (let k = 0; k < Math.min(negatives, noise.length); k++) {
    const j = k + rng.int(noise.length - k);
    [noise[k], noise[j]] = [noise[j]!, noise[k]!];
    picks.push(noise[k]!);
  }
  const { length, channels } = st.windows;
  const stride = length * channels;
  const x = new Float32Array(picks.length * stride);
  picks.forEach((i, k) => x.set(st.windows.x.subarray(i * stride, (i + 1) * stride), k * stride));
  return { x, labels: Uint8Array.from(picks, (i) => st.labels[i]!), count: picks.length, length, channels };
}

/**
 * A held-out station whose stream is synthesized now and whose windows (and what is derived from them)
 * are cut on first use: a caller that makes the next station while the current one is scored then holds
 * one station's windows, not two (about 0.5 GB for a 12 h stream at a 1 s hop).
 */
function heldOutStation(s: Scenario, profile: StationProfile, seed: number): HeldOutStation {
  const durationSeconds = s.test.streamHours * 3600;
  const stream = synthesizeStream(profile, {
    startTime: STREAM_START,
    durationSeconds,
    seed,
    quakeRatePerDay: s.test.quakesPerDay,
  });
  const truth = streamTruth(stream.events, durationSeconds * 1000);
  let derived: Pick<HeldOutStation, 'windows' | 'labels' | 'included'> | undefined;
  // Picked only when asked for (scoring, calibration), not for the per-round monitoring windows.
  let onsets: Float64Array | undefined;
  const derive = (): NonNullable<typeof derived> => {
    if (derived) return derived;
    const windows = windowTrace(stream.trace, { hopSeconds: s.test.detectionHopSeconds });
    const all = stream.events.map((e) => e.pArrivalTime);
    const labels = labelWindows(
      windows.startTimes,
      truth.events.map((e) => e.pArrivalTime),
    );
    const nearQuake = labelWindows(windows.startTimes, all, [-CODA_SECONDS, WINDOW_DEFAULTS.windowSeconds]);
    const included = labels.map((l, i) => (l === 1 || nearQuake[i] === 0 ? 1 : 0));
    derived = { windows, labels, included };
    return derived;
  };
  return {
    id: stationId(profile),
    profile,
    trace: stream.trace,
    get windows() {
      return derive().windows;
    },
    get labels() {
      return derive().labels;
    },
    get included() {
      return derive().included;
    },
    get onsets() {
      onsets ??= windowOnsetTimes(derive().windows, stream.trace.sampleRate);
      return onsets;
    },
    truth,
  };
}
