import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEvent } from './reporters.js';

test('a round line says which stations its PR-AUC is on and that its time runs from the start', () => {
  const line = describeEvent({
    type: 'round',
    arm: 'federated-focal',
    round: 3,
    rounds: 12,
    sampled: 45,
    returned: 44,
    failures: 1,
    elapsedMs: 19_600,
    prAuc: 0.614,
    bestF1: 0.5,
    trainLoss: null,
    serverStep: null,
  });
  assert.match(line, /19\.6s since start/);
  assert.match(line, /validation PR-AUC 0\.614/);
});

test('the run directory is announced as soon as it exists', () => {
  assert.equal(describeEvent({ type: 'started', runDir: '/runs/demo-x' }), 'run directory: /runs/demo-x');
});
