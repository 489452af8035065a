/**
 * The classical baseline: a recursive STA/LTA on the band-passed vertical component. STA and LTA
 * lengths are tuned on continuous streams of training stations (the setting with the best event
 * recall at ≤ 1 false alarm per station-day over a sweep of trigger thresholds), then the tuned
 * detector is measured on the test streams like every model: its trigger threshold is swept for the
 * event-level curve, and the largest STA/LTA ratio inside each detection window is its window score.
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
import { STREAM_START } from '../data/held-out.js';
import { eventPoint, streamTruth } from '../eval/event-level.js';
import type { TestScorer } from '../eval/test-scoring.js';
import { ARM_IDS } from '../arms.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';

/** Training stations whose streams tune the detector. */
const TUNING_STATIONS = 8;

interface Setting {
  staSeconds: number;
  ltaSeconds: number;
}

/** STA/LTA ratio of a trace's vertical component. */
function ratioOf(trace: Trace, s: Setting): Float64Array {
  const z = preprocessTrace({ ...trace, data: trace.data.slice(0, 1), channels: trace.channels.slice(0, 1) }).data[0]!;
  const fs = trace.sampleRate;
  return recursiveStaLta(z, Math.round(s.staSeconds * fs), Math.round(s.ltaSeconds * fs));
}

/** Trigger-on times (epoch ms) at threshold `on` of a ratio sampled like `trace`. */
function triggers(trace: Pick<Trace, 'startTime' | 'sampleRate'>, ratio: ArrayLike<number>, on: number): number[] {
  const off = Math.min(STALTA_DEFAULTS.off, on * STALTA_GRID.offRatio);
  return triggerOnsets(ratio, on, off).map(([i]) => trace.startTime + (i / trace.sampleRate) * 1000);
}

/** Tunes STA and LTA on streams of the training stations; returns the chosen setting. */
export function tuneStaLta(s: Scenario, trainingProfiles: StationProfile[]): Setting & { recall: number } {
  const streams = trainingProfiles.slice(0, TUNING_STATIONS).map((p, i) =>
    synthesizeStream(p, {
      startTime: STREAM_START,
      durationSeconds: s.test.streamHours * 3600,
      seed: s.seed + 7919 * (i + 1),
      quakeRatePerDay: s.test.quakesPerDay,
    }),
  );
  const truths = streams.map((st) => streamTruth(st.events, s.test.streamHours * 3_600_000));
  let best: Setting & { recall: number } = {
    staSeconds: STALTA_DEFAULTS.staSeconds,
    ltaSeconds: STALTA_DEFAULTS.ltaSeconds,
    recall: -1,
  };
  for (const staSeconds of STALTA_GRID.staSeconds) {
    for (const ltaSeconds of STALTA_GRID.ltaSeconds) {
      const ratios = streams.map((st) => ratioOf(st.trace, { staSeconds, ltaSeconds }));
      for (const on of STALTA_GRID.onThreshold) {
        const p = eventPoint(
          on,
          streams.map((st, k) => triggers(st.trace, ratios[k]!, on)),
          truths,
          { hitWindowSeconds: s.test.hitWindowSeconds },
        );
        if (p.falseAlarmsPerStationDay <= EVENT_OPERATING_POINTS.falseAlarmsPerStationDay && p.recall > best.recall)
          best = { staSeconds, ltaSeconds, recall: p.recall };
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

/**
 * The STA/LTA tuned on the training stations (tuning runs now), as a detector for the test pass. It
 * keeps each test station's ratio (float32) for the threshold sweep, not its trace.
 */
export function staLtaScorer(s: Scenario, trainingProfiles: StationProfile[]): TestScorer {
  const tuned = tuneStaLta(s, trainingProfiles);
  const arm = {
    id: ARM_IDS.stalta,
    label: 'STA/LTA (tuned)',
    note: `recursive STA ${tuned.staSeconds} s / LTA ${tuned.ltaSeconds} s on band-passed Z, tuned on ${Math.min(TUNING_STATIONS, trainingProfiles.length)} training stations' streams; trigger threshold swept`,
  };
  return {
    arm,
    async score(st) {
      const ratio = ratioOf(st.trace, tuned);
      const scores = windowMaxima(st.trace, ratio, st.windows.startTimes, st.windows.length);
      const kept = Float32Array.from(ratio);
      const clock = { startTime: st.trace.startTime, sampleRate: st.trace.sampleRate };
      // Window maxima are STA/LTA ratios, so the thresholds swept over them are trigger-on thresholds.
      return { scores, detectAt: (on) => triggers(clock, kept, on) };
    },
  };
}
