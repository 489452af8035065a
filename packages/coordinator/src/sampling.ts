/** Seeded client sampling: reproducible for a given seed, round, attempt and purpose. */
import { createRng, type Rng } from '@quakefed/seismic';

/** What a sample is for (fit and evaluation samples of a round are independent). */
export type SamplePurpose = 'fit' | 'evaluate';

/** A generator for one (round, attempt, purpose), derived from the coordinator seed. */
export function samplingRng(seed: number, round: number, attempt: number, purpose: SamplePurpose): Rng {
  const mixed =
    (seed ^
      Math.imul(round, 0x9e3779b1) ^
      Math.imul(attempt + 1, 0x85ebca6b) ^
      (purpose === 'fit' ? 0 : 0x27d4eb2f)) >>>
    0;
  return createRng(mixed);
}

/**
 * Picks `max(minCount, ceil(fraction × n))` of `items` (at most all of them) uniformly without
 * replacement, keeping the input order among the chosen (partial Fisher–Yates on indices).
 */
export function sampleClients<T>(items: readonly T[], fraction: number, minCount: number, rng: Rng): T[] {
  const want = Math.min(items.length, Math.max(minCount, Math.ceil(fraction * items.length)));
  const idx = items.map((_, i) => i);
  for (let i = 0; i < want; i++) {
    const j = i + rng.int(idx.length - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, want)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}
