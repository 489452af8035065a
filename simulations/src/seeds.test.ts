import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenario } from './scenario.js';
import { ScenarioError } from './errors.js';
import { scenarioForSeed, SEED_STRIDE } from './seeds.js';
import { trainingStationSeed } from './data/population.js';

test('repeat 0 is the scenario itself; later repeats shift every seed by the stride', () => {
  const s = resolveScenario({ seeds: 3 });
  const first = scenarioForSeed(s, 0);
  assert.deepEqual({ ...first, seeds: s.seeds }, s);
  const third = scenarioForSeed(s, 2);
  assert.equal(third.seeds, 1);
  assert.equal(third.seed, s.seed + 2 * SEED_STRIDE);
  assert.equal(third.validation.seed, s.validation.seed + 2 * SEED_STRIDE);
  assert.equal(third.test.seed, s.test.seed + 2 * SEED_STRIDE);
});

test('repeats whose seeds would land on another part of another repeat are rejected', () => {
  // Repeat 2's test seeds start one stride above repeat 1's: right on the validation seed here.
  const input = { seeds: 2, test: { seed: 500 }, validation: { seed: 500 + SEED_STRIDE + 3 } };
  assert.doesNotThrow(() => resolveScenario({ ...input, seeds: 1 }));
  assert.throws(
    () => resolveScenario(input),
    (err: unknown) =>
      err instanceof ScenarioError &&
      /test.seed of repeat 2 \[100503, 100523\] overlaps validation.seed of repeat 1/.test(err.issues.join('\n')),
  );
});

test('a repeat seed past 32 bits is rejected', () => {
  assert.throws(
    () => resolveScenario({ seeds: 3, test: { seed: 2 ** 32 - 150_000 } }),
    (err: unknown) => err instanceof ScenarioError && /past 2\^32 - 1/.test(err.message),
  );
});

test('held-out stations may not stream with a training station’s data seed', () => {
  const first = trainingStationSeed({ seed: 1 }, 0);
  assert.throws(
    () => resolveScenario({ test: { seed: first - 1 } }),
    (err: unknown) =>
      err instanceof ScenarioError &&
      /^test.seed \[\d+, \d+\] overlaps training station data seeds/.test(err.issues[0] ?? ''),
  );
});
