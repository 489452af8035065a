/**
 * The classical baseline: a recursive STA/LTA on the band-passed vertical component. STA and LTA
 * lengths are tuned on continuous streams of training stations (the setting with the best event
 * recall at ≤ 1 false alarm per station-day over a sweep of trigger thresholds), then the tuned
 * detector is measured on the held-out streams like every model: its trigger threshold is swept for
 * the event-level curve, and the largest STA/LTA ratio inside each detection window is its window score.
 */
import {
  preprocessTrace,
  recursiveStaLta,
  STALTA_DEFAULTS,
  synthesizeStream,
  triggerOnsets,
  type StationProfile,
  type Trace,
} from '@quakefed/seismic';
import { STALTA_GRID } from '../defaults.js';
import type { Scenario } from '../scenario.js';
import { STREAM_START, type HeldOutSet } from '../data/heldOut.js';
import { eventPoint, streamTruth } from '../eval/eventLevel.js';
import { armResult } from '../eval/evaluateArm.js';
import type { ArmResult } from '../eval/types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';

/** Training stations whose streams tune the detector. */
const TUNING_STATIONS = 8;

interface Setting {
  staS: number;
  ltaS: number;
}

/** STA/LTA ratio of a trace's vertical component. */
function ratioOf(trace: Trace, s: Setting): Float64Array {
  const z = preprocessTrace({ ...trace, data: trace.data.slice(0, 1), channels: trace.channels.slice(0, 1) }).data[0]!;
  const fs = trace.sampleRate;
  return recursiveStaLta(z, Math.round(s.staS * fs), Math.round(s.ltaS * fs));
}

/** Trigger-on times (epoch ms) at threshold `on`. */
function triggers(trace: Trace, ratio: Float64Array, on: number): number[] {
  const off = Math.min(STALTA_DEFAULTS.off, on * STALTA_GRID.offRatio);
  return triggerOnsets(ratio, on, off).map(([i]) => trace.startTime + (i / trace.sampleRate) * 1000);
}

/** Tunes STA and LTA on streams of the training stations; returns the chosen setting. */
export function tuneStaLta(s: Scenario, trainingProfiles: StationProfile[]): Setting & { recall: number } {
  const streams = trainingProfiles.slice(0, TUNING_STATIONS).map((p, i) =>
    synthesizeStream(p, { startTime: STREAM_START, durationS: s.test.streamHours * 3600, seed: s.seed + 7919 * (i + 1), quakeRatePerDay: s.test.quakesPerDay }),
  );
  const truths = streams.map((st) => streamTruth(st.events, s.test.streamHours * 3_600_000));
  let best: Setting & { recall: number } = { staS: STALTA_DEFAULTS.staS, ltaS: STALTA_DEFAULTS.ltaS, recall: -1 };
  for (const staS of STALTA_GRID.staSeconds) {
    for (const ltaS of STALTA_GRID.ltaSeconds) {
      const ratios = streams.map((st) => ratioOf(st.trace, { staS, ltaS }));
      for (const on of STALTA_GRID.onThreshold) {
        const p = eventPoint(on, streams.map((st, k) => triggers(st.trace, ratios[k]!, on)), truths);
        if (p.falseAlarmsPerStationDay <= EVENT_OPERATING_POINTS.falseAlarmsPerStationDay && p.recall > best.recall) best = { staS, ltaS, recall: p.recall };
      }
    }
  }
  return best;
}

/** Largest value of `ratio` inside each window. */
function windowMaxima(trace: Trace, ratio: Float64Array, startTimes: Float64Array, length: number): Float32Array {
  const out = new Float32Array(startTimes.length);
  startTimes.forEach((t, k) => {
    const from = Math.round(((t - trace.startTime) / 1000) * trace.sampleRate);
    let m = 0;
    for (let i = from; i < Math.min(ratio.length, from + length); i++) if (ratio[i]! > m) m = ratio[i]!;
    out[k] = m;
  });
  return out;
}

/** The tuned STA/LTA measured on the held-out set. */
export function evaluateStaLta(s: Scenario, trainingProfiles: StationProfile[], set: HeldOutSet): ArmResult {
  const tuned = tuneStaLta(s, trainingProfiles);
  const ratios = set.stations.map((st) => ratioOf(st.trace, tuned));
  const scores = set.stations.map((st, k) => windowMaxima(st.trace, ratios[k]!, st.windows.startTimes, st.windows.length));
  const arm = {
    id: 'stalta',
    label: 'STA/LTA (tuned)',
    note: `recursive STA ${tuned.staS} s / LTA ${tuned.ltaS} s on band-passed Z, tuned on ${Math.min(TUNING_STATIONS, trainingProfiles.length)} training stations' streams; trigger threshold swept`,
  };
  // Window maxima are STA/LTA ratios, so the thresholds swept over them are trigger-on thresholds.
  return armResult(arm, set, scores, (on) => set.stations.map((st, k) => triggers(st.trace, ratios[k]!, on)));
}
