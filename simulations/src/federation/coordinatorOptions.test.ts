import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenario } from '../scenario.js';
import { coordinatorOptions } from './runFederation.js';

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
