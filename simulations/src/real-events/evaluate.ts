/**
 * A model and STA/LTA on the same real events: the model through the gateway's detection path
 * (`detectTraces`: flatline masking, the shared preprocessing, batched inference, onset picks, run
 * merging) at one
 * operating threshold, STA/LTA at its documented defaults on the vertical component. STA/LTA cannot
 * trigger during its LTA warm-up at the start of each recording, so the two are compared over the
 * span after it; the model is also scored over whole recordings.
 */
import {
  detectionsFromScores,
  STALTA_DEFAULTS,
  staLtaDetect,
  windowEvidence,
  type StaLtaOptions,
} from '@quakefed/seismic';
import { detectTraces, scoreRunOptions, type WindowScorer } from '@quakefed/client';
import type { RealEventRecording } from './dev-set.js';
import { scoreRealEvents, type RealEventScore } from './score.js';

/** Options of {@link evaluateOnRealEvents}. */
export interface RealEventEvaluationOptions {
  /** The model's operating threshold (window score). */
  threshold: number;
  /** Hop between detection windows, s. */
  hopSeconds: number;
  /** Extra thresholds whose figures are reported too (a curve for reading, never for choosing). */
  curveThresholds?: readonly number[];
  stalta?: StaLtaOptions;
}

/** The model's and STA/LTA's figures on a set of real events. */
export interface RealEventEvaluation {
  threshold: number;
  /** The model over each whole recording. */
  model: RealEventScore;
  /** The model and STA/LTA over the span STA/LTA can see (after its LTA warm-up). */
  modelAfterWarmup: RealEventScore;
  stalta: RealEventScore;
  /** Seconds at the start of each recording STA/LTA cannot trigger in (its LTA length). */
  staltaBlindSeconds: number;
  /** Per curve threshold: hits and false detections in non-BG pre-event noise. */
  curve: { threshold: number; hits: number; falseDetections: number; busyNetworkFalseDetections: number }[];
}

/** STA/LTA's figures on `set`, over the span after its LTA warm-up (it cannot trigger before). */
export function staLtaOnRealEvents(
  set: readonly RealEventRecording[],
  options: StaLtaOptions = {},
): { stalta: RealEventScore; staltaBlindSeconds: number } {
  const staltaBlindSeconds = options.ltaSeconds ?? STALTA_DEFAULTS.ltaSeconds;
  const events = set.map((e) => ({ ...e, dataStart: e.trace.startTime }));
  return {
    stalta: scoreRealEvents(
      events,
      set.map((e) => staLtaDetect(e.trace, options)),
      { blindStartSeconds: staltaBlindSeconds },
    ),
    staltaBlindSeconds,
  };
}

/**
 * The model's figures on `set` at `options.threshold`, over whole recordings and after the first
 * `blindStartSeconds` seconds (STA/LTA's warm-up), and at the curve thresholds.
 */
export async function modelOnRealEvents(
  set: readonly RealEventRecording[],
  scorer: WindowScorer,
  options: Omit<RealEventEvaluationOptions, 'stalta'>,
  blindStartSeconds: number,
): Promise<Pick<RealEventEvaluation, 'model' | 'modelAfterWarmup' | 'curve'>> {
  const events = set.map((e) => ({ ...e, dataStart: e.trace.startTime }));
  // Every window that can date a detection at any of the thresholds gets its onset pick.
  const pickAbove = Math.min(options.threshold, ...(options.curveThresholds ?? []));
  const { traces } = await detectTraces(
    set.map((e) => e.trace),
    scorer,
    { hopSeconds: options.hopSeconds, threshold: options.threshold, pickAbove },
  );
  // Detection's own run-merging and dating rule, re-applied per threshold over evidence computed once.
  const evidence = traces.map((tr) => windowEvidence(tr.windowStarts, tr.scores, scoreRunOptions(tr.geometry)));
  const detectAt = (t: number) =>
    traces.map((tr, i) =>
      detectionsFromScores(tr.windowStarts, evidence[i]!, t, {
        ...scoreRunOptions(tr.geometry, tr.onsets),
        medianWindows: 1,
      }),
    );
  const detections = detectAt(options.threshold);
  return {
    model: scoreRealEvents(events, detections),
    modelAfterWarmup: scoreRealEvents(events, detections, { blindStartSeconds }),
    curve: (options.curveThresholds ?? []).map((t) => {
      const s = scoreRealEvents(events, detectAt(t));
      return {
        threshold: t,
        hits: s.all.hits,
        falseDetections: s.noise.falseDetections,
        busyNetworkFalseDetections: s.busyNetworkNoise.falseDetections,
      };
    }),
  };
}

/** Scores `scorer` (at `threshold`) and STA/LTA on `set`. */
export async function evaluateOnRealEvents(
  set: readonly RealEventRecording[],
  scorer: WindowScorer,
  options: RealEventEvaluationOptions,
): Promise<RealEventEvaluation> {
  const { stalta, staltaBlindSeconds } = staLtaOnRealEvents(set, options.stalta);
  return {
    threshold: options.threshold,
    ...(await modelOnRealEvents(set, scorer, options, staltaBlindSeconds)),
    stalta,
    staltaBlindSeconds,
  };
}
