/**
 * Scores compared models on the held-out set: window-level metrics on the included windows, and the
 * event-level sweep on the continuous streams (consecutive positive windows merge into one detection
 * dated by its highest-scoring window's P onset — the seismic package's `detectionsFromScores`, the
 * same rule a gateway's detector uses).
 */
import { detectionsFromScores } from '@quakefed/seismic';
import type { Parameters } from '@quakefed/proto';
import type { HeldOutSet } from '../data/heldOut.js';
import type { TrainingPool } from '../pool/trainingPool.js';
import { eventLevelMetrics, sweepThresholds, type DetectAt } from './eventLevel.js';
import type { ArmResult, EventScoringOptions, WindowLevelResult } from './types.js';
import { windowLevelMetrics } from './windowMetrics.js';

/** Identity of a compared model. */
export interface ArmId {
  id: string;
  label: string;
  trainingWindows?: number;
  note?: string;
}

/** Window-level metrics of per-station scores over the windows included in window-level evaluation. */
export function windowLevelOnHeldOut(set: HeldOutSet, scores: Float32Array[]): WindowLevelResult {
  const s: number[] = [];
  const l: number[] = [];
  set.stations.forEach((st, k) => {
    const sc = scores[k]!;
    for (let i = 0; i < st.windows.count; i++) {
      if (!st.included[i]) continue;
      s.push(sc[i]!);
      l.push(st.labels[i]!);
    }
  });
  return windowLevelMetrics(s, l);
}

/** A complete result from per-station window scores and a detector for the event-level sweep. */
export function armResult(arm: ArmId, set: HeldOutSet, scores: Float32Array[], detectAt: DetectAt, scoring: Partial<EventScoringOptions> = {}): ArmResult {
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

/** Evaluates model weights on the held-out set (scoring runs on the pool). */
export async function evaluateParameters(
  pool: TrainingPool,
  parameters: Parameters,
  set: HeldOutSet,
  arm: ArmId,
  scoring: Partial<EventScoringOptions> = {},
): Promise<ArmResult> {
  const scores = await Promise.all(set.stations.map((st) => pool.predict(parameters, st.windows.x, st.windows.count)));
  const detectAt: DetectAt = (t) => set.stations.map((st, k) => detectionsFromScores(st.windows.startTimes, scores[k]!, t));
  return armResult(arm, set, scores, detectAt, scoring);
}

/** Window-level metrics on the small monitoring subset (used after every round). */
export async function monitorParameters(pool: TrainingPool, parameters: Parameters, set: HeldOutSet): Promise<WindowLevelResult> {
  const scores = await pool.predict(parameters, set.monitor.x, set.monitor.count);
  return windowLevelMetrics(scores, set.monitor.labels);
}
