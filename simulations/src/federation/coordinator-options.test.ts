import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUARD_DEFAULTS } from '@quakefed/coordinator';
import { resolveScenario } from '../scenario.js';
import { coordinatorOptions } from './run-federation.js';

const strategyOf = (strategy: Parameters<typeof resolveScenario>[0]) =>
  coordinatorOptions(resolveScenario(strategy), 'focal', '/state', 10).strategy!;

test('fedavgm passes its server learning rate and momentum to the coordinator', () => {
  const s = strategyOf({ strategy: { name: 'fedavgm', serverLearningRate: 0.7, serverMomentum: 0.5 } });
  assert.deepEqual([s.name, s.serverLearningRate, s.serverMomentum], ['fedavgm', 0.7, 0.5]);
});

test('fedadam gets its server learning rate but no momentum', () => {
  const s = strategyOf({ strategy: { name: 'fedadam', serverLearningRate: 0.02 } });
  assert.deepEqual([s.name, s.serverLearningRate, s.serverMomentum], ['fedadam', 0.02, undefined]);
});

test('a null server learning rate leaves the coordinator default', () => {
  assert.equal(strategyOf({ strategy: { name: 'fedavgm', serverLearningRate: null } }).serverLearningRate, undefined);
});

test('the coordinator guard is on by default at its quantile; strategy.guard false asks for the plain strategy', () => {
  assert.deepEqual(strategyOf({}).guard, GUARD_DEFAULTS);
  assert.deepEqual(strategyOf({ strategy: { guardQuantile: 0.5, guardMultiplier: 3 } }).guard, {
    ...GUARD_DEFAULTS,
    normQuantile: 0.5,
    normMultiplier: 3,
  });
  assert.equal(strategyOf({ strategy: { guard: false } }).guard, null);
});

test('a guard quantile outside [0.5, 1) or a multiplier below 1 is a scenario error', () => {
  assert.throws(
    () => resolveScenario({ strategy: { guardQuantile: 1, guardMultiplier: 0.5 } }),
    /strategy.guardQuantile must be a number in \[0.5, 1\)[^]*strategy.guardMultiplier must be a number in \[1, 1000\]/,
  );
});

test('the per-address connection cap admits every simulated station from loopback, twice over', () => {
  const o = coordinatorOptions(resolveScenario({}), 'focal', '/state', 500);
  assert.equal(o.maxConnectionsPerAddress, 1000);
});
