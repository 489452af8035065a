/**
 * Seeds of repeated runs. Repeat k (0-based) of a scenario with `seeds: N` shifts the training,
 * validation and test seeds by k × {@link SEED_STRIDE}, so every repeat synthesizes its own training
 * population, sampling, validation and test stations; repeat 0 is the scenario itself.
 *
 * A held-out station i of a part with seed `s` streams with seed `s + i + 1` (`data/held-out.ts`), so
 * each part occupies the seed range [s, s + stations]; training station i draws its data with
 * `trainingStationSeed(s, i)`, a run of consecutive seeds from a hashed start. Over all repeats these
 * ranges and the training population seeds must be disjoint: otherwise a test station could be a
 * validation station of another repeat, or hold a training station's noise.
 */
import type { Scenario } from './scenario.js';
import { trainingStationSeed } from './data/population.js';

/** Seed shift between consecutive repeats (a prime above any station count a part may have). */
export const SEED_STRIDE = 100_003;

/** The scenario of repeat `k` (0-based): seeds shifted, `seeds` 1 (it is one run). */
export function scenarioForSeed(s: Scenario, k: number): Scenario {
  const shift = k * SEED_STRIDE;
  return {
    ...s,
    seeds: 1,
    seed: s.seed + shift,
    validation: { ...s.validation, seed: s.validation.seed + shift },
    test: { ...s.test, seed: s.test.seed + shift },
  };
}

interface SeedRange {
  what: string;
  from: number;
  to: number;
}

/** The seed ranges a scenario's repeats use. */
function seedRanges(s: Scenario): SeedRange[] {
  const out: SeedRange[] = [];
  for (let k = 0; k < s.seeds; k++) {
    const r = scenarioForSeed(s, k);
    const of = (part: string) => (s.seeds > 1 ? `${part} of repeat ${k + 1}` : part);
    const stations = trainingStationSeed(r, 0);
    out.push(
      { what: of('seed'), from: r.seed, to: r.seed },
      ...wrapped(of('training station data seeds'), stations, stations + r.stations - 1),
      { what: of('validation.seed'), from: r.validation.seed, to: r.validation.seed + r.validation.stations },
      { what: of('test.seed'), from: r.test.seed, to: r.test.seed + r.test.stations },
    );
  }
  return out;
}

/** A run of 32-bit seeds [from, to] that may wrap past 2³² − 1 to 0, as one or two ranges. */
function wrapped(what: string, from: number, to: number): SeedRange[] {
  const top = 2 ** 32;
  return to < top
    ? [{ what, from, to }]
    : [
        { what, from, to: top - 1 },
        { what, from: 0, to: to - top },
      ];
}

/**
 * Problems with a scenario's seeds (empty when none): a repeat's seed past 2³² − 1, or two seed ranges
 * that overlap. Expects every seed and station count to be a valid integer already.
 */
export function seedIssues(s: Scenario): string[] {
  const ranges = seedRanges(s);
  const issues: string[] = [];
  for (const r of ranges)
    if (r.to > 2 ** 32 - 1) issues.push(`${r.what} reaches ${r.to}, past 2^32 - 1: lower it or seeds`);
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [a, b] = [ranges[i]!, ranges[j]!];
      if (a.from <= b.to && b.from <= a.to) {
        issues.push(
          `${b.what} [${b.from}, ${b.to}] overlaps ${a.what} [${a.from}, ${a.to}]: training, validation and test stations need seeds of their own`,
        );
      }
    }
  }
  return issues;
}
