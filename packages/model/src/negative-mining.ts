/**
 * Hard-negative mining: which windows one epoch trains on when the data holds more noise windows than
 * the epoch may use. A station's day holds tens of thousands of noise windows, and the few that cost
 * false alarms at an operator's threshold (vehicles, bursts, glitches) are a fraction of a percent of
 * them: a random draw of a hundred almost never holds one, so training never sees what the threshold
 * is set by. Scoring a larger candidate draw with the current weights and training on its
 * highest-scoring share (online hard-example mining, Shrivastava et al. 2016), the rest drawn at
 * random so the ordinary noise stays represented, puts them in every epoch.
 */
import { countPositives, type Rng } from '@quakefed/seismic';

/**
 * Windows one epoch trains on: every window, or under `negativesPerEpoch` every positive and that many
 * negatives (all of them when the data holds fewer).
 */
export function epochWindowCount(labels: ArrayLike<number>, negativesPerEpoch: number | undefined): number {
  if (negativesPerEpoch === undefined) return labels.length;
  const positives = countPositives(labels);
  return positives + Math.min(negativesPerEpoch, labels.length - positives);
}

/**
 * Indices of the windows an epoch trains on: every positive, and `negatives` of the negatives — the
 * `round(hardShare × negatives)` with the highest `scores` (ties to the lower index), the rest drawn
 * uniformly without replacement from the others. In increasing index order.
 * @param scores one per window (only the negatives' are read); may be null when `hardShare` is 0
 */
export function epochWindows(
  labels: ArrayLike<number>,
  scores: ArrayLike<number> | null,
  negatives: number,
  hardShare: number,
  rng: Rng,
): Uint32Array {
  const positives: number[] = [];
  const candidates: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] ? positives : candidates).push(i);
  const keep = Math.min(negatives, candidates.length);
  const hard = Math.round(hardShare * keep);
  if (hard > 0) {
    if (!scores) throw new RangeError('epochWindows: hard negatives need scores');
    // Stable sort: equal scores keep index order, so the choice does not depend on the sort's internals.
    candidates.sort((a, b) => scores[b]! - scores[a]! || a - b);
  }
  // Partial Fisher–Yates over the candidates after the hard ones.
  for (let i = hard; i < keep; i++) {
    const j = i + rng.int(candidates.length - i);
    const t = candidates[i]!;
    candidates[i] = candidates[j]!;
    candidates[j] = t;
  }
  return Uint32Array.from([...positives, ...candidates.slice(0, keep)]).sort();
}
