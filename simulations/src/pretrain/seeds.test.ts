import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCENARIO } from '../defaults.js';
import { resolveScenario } from '../scenario.js';
import { PRETRAIN_DEFAULTS } from './defaults.js';
import { pretrainScenario } from './recipe.js';
import { pretrainSeedIssues } from './seeds.js';

test('the default pretraining seeds collide with no seed of the default or demo scenario', () => {
  assert.deepEqual(pretrainSeedIssues(pretrainScenario(PRETRAIN_DEFAULTS)), []);
});

test("a pretraining seed equal to the default scenario's seed is refused", () => {
  const issues = pretrainSeedIssues(pretrainScenario({ ...PRETRAIN_DEFAULTS, seed: DEFAULT_SCENARIO.seed }));
  assert.ok(
    issues.some((i) => i.startsWith('pretraining seed (seed 1) collides with the default scenario seed')),
    issues.join('\n'),
  );
});

test("validation stations whose stream seeds reach into a scenario's test stations are refused", () => {
  const seed = DEFAULT_SCENARIO.test.seed - 3; // validation seeds seed + 1 … seed + 1 + stations
  const issues = pretrainSeedIssues(pretrainScenario({ ...PRETRAIN_DEFAULTS, seed }));
  assert.ok(
    issues.some(
      (i) => i.startsWith('pretraining validation stations') && i.includes('the default scenario test stations'),
    ),
    issues.join('\n'),
  );
});

test('every repeat of a scenario counts: a seed used only by its second repeat collides', () => {
  const scenario = resolveScenario({ seed: 5, seeds: 2 });
  const second = resolveScenario({ seed: 5 + 100_003 });
  const issues = pretrainSeedIssues(pretrainScenario({ ...PRETRAIN_DEFAULTS, seed: second.seed }), [
    { label: 'a', scenario },
  ]);
  assert.ok(
    issues.some((i) => i.includes('a (repeat 2) seed')),
    issues.join('\n'),
  );
});
