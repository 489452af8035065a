/**
 * The test pass: every compared detector scores the test stations once, at the end of a run. Test
 * stations are synthesized one at a time and each is scored by every detector before the next is
 * made; only the scores, labels and truth of a station outlive it, and a station's windows are cut from
 * its stream batch by batch as each detector scores them, so a test set of many station-days needs the
 * memory of one station's stream, a few batches, and the next station's stream.
 */
import { detectionsFromScores, windowEvidence } from '@quakefed/seismic';
import type { Parameters } from '@quakefed/proto';
import type { Scenario } from '../scenario.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { heldOutStations, type HeldOutStation } from '../data/held-out.js';
import { armResult, type ArmId, type ScoredStream } from './evaluate-arm.js';
import type { ArmResult } from './types.js';

/** What a detector leaves of one test station: its window scores and its detections at any threshold. */
export interface StationScores {
  scores: Float32Array;
  /** Detection times (epoch ms, increasing) at a threshold. */
  detectAt(threshold: number): number[];
}

/** A compared detector as the test pass sees it. */
export interface TestScorer {
  arm: ArmId;
  /** Scores one test station. The result must not hold on to the station's windows or trace. */
  score(station: HeldOutStation): Promise<StationScores>;
}

/** A model's weights as a detector: window scores on the pool, detections by the gateway's rule (runs of median evidence dated by their earliest onset pick near the peak). */
export function modelScorer(pool: TrainingPool, parameters: Parameters, arm: ArmId): TestScorer {
  return {
    arm,
    async score(st) {
      const { startTimes } = st.windows;
      const scores = await pool.predictWindows(parameters, st.windows);
      const { onsets } = st;
      // The evidence once, not at every threshold of the sweep.
      const evidence = windowEvidence(startTimes, scores);
      return { scores, detectAt: (t) => detectionsFromScores(startTimes, evidence, t, { onsets, medianWindows: 1 }) };
    },
  };
}

/**
 * Scores every detector on every test station and returns one result per detector, in order.
 * @param onStation called after each station is scored (1-based count, total)
 */
export async function scoreTestSet(
  s: Scenario,
  scorers: TestScorer[],
  onStation?: (done: number, total: number) => void,
): Promise<ArmResult[]> {
  const streams: ScoredStream[] = [];
  const scored: StationScores[][] = scorers.map(() => []);
  const stations = heldOutStations(s, 'test');
  let next = stations.next();
  while (!next.done) {
    const st = next.value;
    const scoring = (async () => {
      for (const [i, scorer] of scorers.entries()) scored[i]!.push(await scorer.score(st));
    })();
    // The next station is synthesized on this thread while the workers score this one.
    next = stations.next();
    await scoring;
    streams.push({ labels: st.labels, included: st.included, truth: st.truth });
    onStation?.(streams.length, s.test.stations);
  }
  const scoring = { hitWindowSeconds: s.test.hitWindowSeconds, snrFloor: s.test.snrFloor };
  return scorers.map((scorer, i) => {
    const perStation = scored[i]!;
    return armResult(
      scorer.arm,
      { stations: streams },
      perStation.map((p) => p.scores),
      (t) => perStation.map((p) => p.detectAt(t)),
      scoring,
    );
  });
}
