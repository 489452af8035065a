/**
 * Results of compared models from their per-station scores on held-out streams: window-level metrics on
 * the included windows, and the event-level sweep on the continuous streams (the detections come from
 * the detector: for a model, `detectionsFromScores` in `test-scoring.ts`). Also the per-round score on
 * the validation set.
 */
import type { WindowSet } from '@quakefed/seismic';
import type { Parameters } from '@quakefed/proto';
import type { HeldOutStation } from '../data/held-out.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { eventLevelMetrics, sweepThresholds, type DetectAt } from './event-level.js';
import type { ArmResult, EventScoringOptions, WindowLevelResult } from './types.js';
import { windowLevelMetrics } from './window-metrics.js';

/** Identity of a compared model. */
export interface ArmId {
  id: string;
  label: string;
  trainingWindows?: number;
  note?: string;
}

/** What scoring reads of a held-out station once its windows are scored: labels and truth. */
export type ScoredStream = Pick<HeldOutStation, 'labels' | 'included' | 'truth'>;

/** Window-level metrics of per-station scores over the windows included in window-level evaluation. */
export function windowLevelOnHeldOut(set: { stations: ScoredStream[] }, scores: Float32Array[]): WindowLevelResult {
  const s: number[] = [];
  const l: number[] = [];
  set.stations.forEach((st, k) => {
    const sc = scores[k]!;
    for (let i = 0; i < st.labels.length; i++) {
      if (!st.included[i]) continue;
      s.push(sc[i]!);
      l.push(st.labels[i]!);
    }
  });
  return windowLevelMetrics(s, l);
}

/** A complete result from per-station window scores and a detector for the event-level sweep. */
export function armResult(
  arm: ArmId,
  set: { stations: ScoredStream[] },
  scores: Float32Array[],
  detectAt: DetectAt,
  scoring: Partial<EventScoringOptions> = {},
): ArmResult {
  const all = new Float32Array(scores.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const s of scores) {
    all.set(s, offset);
    offset += s.length;
  }
  const truths = set.stations.map((st) => st.truth);
  return {
    ...arm,
    window: windowLevelOnHeldOut(set, scores),
    event: eventLevelMetrics(detectAt, truths, sweepThresholds(all), scoring),
  };
}

/** Window-level metrics on the validation set (after every round, and for early stopping). */
export async function monitorParameters(
  pool: Pick<TrainingPool, 'predict'>,
  parameters: Parameters,
  validation: WindowSet,
): Promise<WindowLevelResult> {
  const scores = await pool.predict(parameters, validation.x, validation.count);
  return windowLevelMetrics(scores, validation.labels);
}
