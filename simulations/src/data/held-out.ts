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
  stationId,
  StreamWindows,
  synthesizeStream,
  WINDOW_DEFAULTS,
  windowOnsetTimes,
  type StationProfile,
  type Trace,
  type WindowSet,
} from '@quakefed/seismic';
import { createRng, type Rng } from '@quakefed/seismic';
import { windowStartSamples } from '@quakefed/client';
import type { Scenario } from '../scenario.js';
import type { CutWindows } from '../pool/training-pool.js';
import { streamTruth, type StreamTruth } from '../eval/event-level.js';
import { populationKnobs } from './population.js';
import { concatWindows } from './window-sets.js';

/** Seconds after a P arrival during which a window still holds quake energy (coda). */
const CODA_SECONDS = 30;
/** Negatives of the validation set the rounds are monitored on. */
const MONITOR_NEGATIVES = 2000;
/** Start of every synthetic stream. */
export const STREAM_START = Date.UTC(2024, 5, 1);

/**
 * A held-out station's sliding windows at the detection hop, preprocessed as detection preprocesses
 * them (`StreamWindows`), cut from its stream batch by batch and never held all at once: a 12 h
 * stream's 30 s windows at a 3 s hop are 518 MB.
 */
export interface HeldOutWindows extends CutWindows {
  /** Window start times, epoch ms. */
  startTimes: Float64Array;
  /** The windows at `indices` (increasing), in a fresh array. */
  pick(indices: readonly number[]): Float32Array<ArrayBuffer>;
}

/** One held-out station. */
export interface HeldOutStation {
  id: string;
  profile: StationProfile;
  trace: Trace;
  windows: HeldOutWindows;
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
  picks.sort((a, b) => a - b);
  const { length, channels } = st.windows;
  const x = st.windows.pick(picks);
  return { x, labels: Uint8Array.from(picks, (i) => st.labels[i]!), count: picks.length, length, channels };
}

/** Batch size of the onset pass over a station's windows. */
const ONSET_BATCH = 512;

/** The sliding windows of `trace` every `hopSeconds`, cut on demand (see {@link HeldOutWindows}). */
function streamWindowsOf(trace: Trace, hopSeconds: number): HeldOutWindows {
  const fs = trace.sampleRate;
  const length = Math.round(WINDOW_DEFAULTS.windowSeconds * fs);
  // Detection's grid: every hop from the first sample, each window inside the data (no gaps here).
  const starts = windowStartSamples(trace, length, Math.round(hopSeconds * fs));
  const { channels } = WINDOW_DEFAULTS;
  return {
    count: starts.length,
    length,
    channels,
    startTimes: Float64Array.from(starts, (s) => trace.startTime + (s / fs) * 1000),
    cutter() {
      const windows = new StreamWindows(trace.data, starts, length, channels, fs);
      return (from, n) => windows.cut(from, n).slice();
    },
    pick(indices) {
      const windows = new StreamWindows(
        trace.data,
        Int32Array.from(indices, (i) => starts[i]!),
        length,
        channels,
        fs,
      );
      return windows.cut(0, indices.length).slice();
    },
  };
}

/** Each window's in-window onset pick (epoch ms), in one pass over the windows. */
function onsetTimesOf(windows: HeldOutWindows, sampleRate: number): Float64Array {
  const { count, length, channels, startTimes } = windows;
  const onsets = new Float64Array(count);
  const cut = windows.cutter();
  for (let from = 0; from < count; from += ONSET_BATCH) {
    const n = Math.min(ONSET_BATCH, count - from);
    const batch = { x: cut(from, n), count: n, length, channels, startTimes: startTimes.subarray(from, from + n) };
    onsets.set(windowOnsetTimes(batch, sampleRate), from);
  }
  return onsets;
}

/**
 * A held-out station whose stream is synthesized now; its windows are cut from it batch by batch
 * whenever they are scored, and what is derived from them (labels, onset picks) on first use.
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
    const windows = streamWindowsOf(stream.trace, s.test.detectionHopSeconds);
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
      onsets ??= onsetTimesOf(derive().windows, stream.trace.sampleRate);
      return onsets;
    },
    truth,
  };
}
