/**
 * A model and STA/LTA on the same real events: the model through the gateway's detection path
 * (`detectTraces`: flatline masking, the shared preprocessing, batched inference, run merging) at one
 * operating threshold, STA/LTA at its documented defaults on the vertical component. STA/LTA cannot
 * trigger during its LTA warm-up at the start of each recording, so the two are compared over the
 * span after it; the model is also scored over whole recordings.
 */
import { detectionsFromScores, STALTA_DEFAULTS, staLtaDetect, type StaLtaOptions } from '@quakefed/seismic';
import { detectTraces, type WindowScorer } from '@quakefed/client';
import type { RealEventRecording } from './devSet.js';
import { scoreRealEvents, type RealEventScore } from './score.js';

/** Options of {@link evaluateOnRealEvents}. */
export interface RealEventEvaluationOptions {
  /** The model's operating threshold (window score). */
  threshold: number;
  /** Hop between detection windows, s. */
  hopSec: number;
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
  staltaBlindS: number;
  /** Per curve threshold: hits and false detections in non-BG pre-event noise. */
  curve: { threshold: number; hits: number; falseDetections: number; busyNetworkFalseDetections: number }[];
}

/** Scores `scorer` (at `threshold`) and STA/LTA on `set`. */
export async function evaluateOnRealEvents(
  set: readonly RealEventRecording[],
  scorer: WindowScorer,
  options: RealEventEvaluationOptions,
): Promise<RealEventEvaluation> {
  const events = set.map((e) => ({ ...e, dataStart: e.trace.startTime }));
  const { traces } = await detectTraces(set.map((e) => e.trace), scorer, { hopSec: options.hopSec, threshold: options.threshold });
  // The run-merging rule of detection, re-applied per threshold over scores computed once.
  const geometry = { windowS: scorer.windowSamples / scorer.sampleRate, hopS: options.hopSec };
  const detectAt = (t: number) => traces.map((tr) => detectionsFromScores(tr.windowStarts, tr.scores, t, geometry));
  const at = (t: number) => scoreRealEvents(events, detectAt(t));
  const staltaBlindS = options.stalta?.ltaS ?? STALTA_DEFAULTS.ltaS;
  return {
    threshold: options.threshold,
    model: at(options.threshold),
    modelAfterWarmup: scoreRealEvents(events, detectAt(options.threshold), { blindStartS: staltaBlindS }),
    stalta: scoreRealEvents(events, set.map((e) => staLtaDetect(e.trace, options.stalta)), { blindStartS: staltaBlindS }),
    staltaBlindS,
    curve: (options.curveThresholds ?? []).map((t) => {
      const s = at(t);
      return { threshold: t, hits: s.all.hits, falseDetections: s.noise.falseDetections, busyNetworkFalseDetections: s.busyNetworkNoise.falseDetections };
    }),
  };
}
