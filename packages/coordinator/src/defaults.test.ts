import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COORDINATOR_DEFAULTS, resolveCoordinatorOptions } from './defaults.js';
import { mergeCoordinatorOptions, parseCoordinatorConfig } from './config-file.js';

const invalid = (e: unknown): boolean => (e as { code?: string }).code === 'QF_ERR_INVALID_OPTIONS';

test('options merge over the documented defaults', () => {
  const o = resolveCoordinatorOptions({ rounds: 3 });
  assert.equal(o.rounds, 3);
  assert.equal(o.minFit, COORDINATOR_DEFAULTS.minFit);
  assert.equal(o.strategy.name, 'fedavg');
});

test('minFitResults above minFit is rejected as contradictory', () => {
  assert.throws(() => resolveCoordinatorOptions({ minFit: 2, minFitResults: 3 }), invalid);
});

test('minFit above minAvailable is rejected as contradictory', () => {
  assert.throws(() => resolveCoordinatorOptions({ minAvailable: 2, minFit: 3, minFitResults: 1 }), invalid);
});

test('a fraction outside (0, 1] is rejected', () => {
  assert.throws(() => resolveCoordinatorOptions({ fractionFit: 0 }), invalid);
  assert.throws(() => resolveCoordinatorOptions({ fractionEvaluate: 1.5 }), invalid);
});

test('a non-integer round count is rejected', () => {
  assert.throws(() => resolveCoordinatorOptions({ rounds: 2.5 }), invalid);
});

test('a config file with an unknown key is rejected', () => {
  assert.throws(() => parseCoordinatorConfig({ rouns: 3 }), invalid);
  assert.throws(() => parseCoordinatorConfig({ strategy: { name: 'fedavg', mu: 1 } }), invalid);
});

test('later option sources win and strategy settings merge key by key', () => {
  const merged = mergeCoordinatorOptions(
    { rounds: 5, strategy: { name: 'fedprox', proxMu: 0.1, fitConfig: { epochs: 2, batchSize: 16 } } },
    { rounds: 7, strategy: { name: 'fedprox', fitConfig: { epochs: 3 } } },
  );
  assert.equal(merged.rounds, 7);
  assert.equal(merged.strategy?.proxMu, 0.1);
  assert.deepEqual(merged.strategy?.fitConfig, { epochs: 3, batchSize: 16 });
});

test('a fit config that clients would refuse is rejected at start-up, with the parser the clients use', () => {
  const withFit = (fitConfig: Record<string, number | string>) => () =>
    resolveCoordinatorOptions({ strategy: { name: 'fedavg', fitConfig } });
  assert.throws(withFit({ epochs: 2.5 }), {
    code: 'QF_ERR_INVALID_OPTIONS',
    message: /fit config: epochs must be an integer/,
  });
  assert.throws(withFit({ epochs: 0 }), { code: 'QF_ERR_INVALID_OPTIONS', message: /epochs/ });
  assert.throws(withFit({ loss: 'hinge' }), { code: 'QF_ERR_INVALID_OPTIONS', message: /"loss" must be one of/ });
  assert.throws(withFit({ epocs: 2 }), { code: 'QF_ERR_INVALID_OPTIONS', message: /unknown key "epocs"/ });
  assert.equal(
    resolveCoordinatorOptions({ strategy: { name: 'fedavg', fitConfig: { epochs: 3, maxWindows: 64 } } }).strategy
      .fitConfig?.epochs,
    3,
  );
});
