/**
 * Where a gateway's training data comes from. The client only sees this interface; the simulator plugs
 * in synthetic stations, a real gateway its miniSEED archive labelled by a catalogue.
 */
import { createRng, type WindowSet } from '@quakefed/seismic';
import type { DataBudget } from './defaults.js';

/** Size of the local data set: counts only (this is what Hello tells the coordinator). */
export interface DataSummary {
  /** Labelled training windows available (before the per-round budget). */
  windows: number;
  /** Of which labelled quake. */
  positives: number;
  /** Hours of waveform data behind the windows. */
  hours: number;
}

/** A station's labelled data. Implementations generate or load lazily and cache what they load. */
export interface DataSource {
  /** FDSN NSLC ids of the stations the data comes from. */
  readonly stationIds: readonly string[];
  summary(): Promise<DataSummary>;
  /**
   * Training windows for one round: every positive, negatives subsampled (seeded by `budget.seed` and
   * `round`) so the set holds at most `max(budget.maxWindows, positives + budget.minNegatives)` windows,
   * times `budget.miningCandidates` for the negatives (`budgetIndices`).
   */
  trainingWindows(round: number, budget: DataBudget): Promise<WindowSet>;
  /** Held-out windows for federated evaluation; the same set every call. */
  evaluationWindows(): Promise<WindowSet>;
}

/** Mixes the budget seed and the round into one 32-bit seed (different negatives each round). */
export function roundSeed(seed: number, round: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (round + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Negatives a round trains on beside `positives` positives: up to the budget, at least its floor
 * (fewer only when the data holds fewer).
 */
export function budgetNegatives(positives: number, budget: DataBudget): number {
  return Math.max(budget.maxWindows - positives, budget.minNegatives);
}

/**
 * Indices of the windows a round draws: all positives, and negatives drawn without replacement
 * (partial Fisher–Yates with the seeded PRNG) up to the budget times `miningCandidates`. Returned in
 * increasing order so the caller copies windows in memory order.
 */
export function budgetIndices(labels: ArrayLike<number>, round: number, budget: DataBudget): Int32Array {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] ? positives : negatives).push(i);
  const negativeCount = Math.min(negatives.length, budgetNegatives(positives.length, budget) * budget.miningCandidates);
  const rng = createRng(roundSeed(budget.seed, round));
  for (let i = 0; i < negativeCount; i++) {
    const j = i + rng.int(negatives.length - i);
    const t = negatives[i]!;
    negatives[i] = negatives[j]!;
    negatives[j] = t;
  }
  const chosen = Int32Array.from([...positives, ...negatives.slice(0, negativeCount)]);
  return chosen.sort();
}

/** A new WindowSet holding the windows at `indices` (in that order), meta included when present. */
export function selectWindows(set: WindowSet, indices: ArrayLike<number>): WindowSet {
  const stride = set.length * set.channels;
  const x = new Float32Array(indices.length * stride);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    x.set(set.x.subarray(i * stride, (i + 1) * stride), k * stride);
    labels[k] = set.labels[i]!;
  }
  const out: WindowSet = { x, labels, count: indices.length, length: set.length, channels: set.channels };
  if (set.meta) out.meta = Array.from(indices, (i) => set.meta![i]!);
  return out;
}

/** Applies a round's budget to a full window set. */
export function applyBudget(set: WindowSet, round: number, budget: DataBudget): WindowSet {
  return selectWindows(set, budgetIndices(set.labels, round, budget));
}
