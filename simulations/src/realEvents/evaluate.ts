/**
 * A model and STA/LTA on the same real events: the model through the gateway's detection path
 * (`detectTraces`: flatline masking, the shared preprocessing, batched inference, run merging) at one
 * operating threshold, STA/LTA at its documented defaults on the vertical component.
 */
import { detectionsFromScores, staLtaDetect, type StaLtaOptions } from '@quakefed/seismic';
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
  model: RealEventScore;
  stalta: RealEventScore;
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
  const at = (t: number) => scoreRealEvents(events, traces.map((tr) => detectionsFromScores(tr.windowStarts, tr.scores, t, geometry)));
  return {
    threshold: options.threshold,
    model: at(options.threshold),
    stalta: scoreRealEvents(events, set.map((e) => staLtaDetect(e.trace, options.stalta))),
    curve: (options.curveThresholds ?? []).map((t) => {
      const s = at(t);
      return { threshold: t, hits: s.all.hits, falseDetections: s.noise.falseDetections, busyNetworkFalseDetections: s.busyNetworkNoise.falseDetections };
    }),
  };
}
