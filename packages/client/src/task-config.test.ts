import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TRAIN_OPTIONS } from '@quakefed/model';
import { budgetFromConfig, evaluationSettings, miningOptions, trainOptionsFromConfig } from './task-config.js';

const own = { maxWindows: 512, minNegatives: 64, seed: 3, miningCandidates: 4 };

test('an empty fit config gives the model defaults with the client-derived seed', () => {
  assert.deepEqual(trainOptionsFromConfig({}, 42), { ...DEFAULT_TRAIN_OPTIONS, seed: 42 });
});

test('FedProx μ and the loss settings from the config reach the training options', () => {
  const o = trainOptionsFromConfig({ proxMu: 0.01, loss: 'bce', focalGamma: 1, classBalanced: true }, 1);
  assert.deepEqual([o.proxMu, o.loss, o.focalGamma, o.classBalanced], [0.01, 'bce', 1, true]);
});

test('client SGD momentum from the config reaches the training options; outside [0, 1) it is refused', () => {
  const o = trainOptionsFromConfig({ optimizer: 'sgd', momentum: 0.9, learningRate: 0.02 }, 1);
  assert.deepEqual([o.optimizer, o.momentum, o.learningRate], ['sgd', 0.9, 0.02]);
  assert.throws(() => trainOptionsFromConfig({ optimizer: 'sgd', momentum: 1 }, 1), { code: 'QF_ERR_BAD_TASK' });
  assert.throws(() => trainOptionsFromConfig({ momentum: -0.1 }, 1), { code: 'QF_ERR_BAD_TASK' });
});

test('unknown config keys are ignored, known keys of the wrong type are rejected', () => {
  assert.equal(trainOptionsFromConfig({ futureKnob: 'x' }, 1).epochs, DEFAULT_TRAIN_OPTIONS.epochs);
  assert.throws(() => trainOptionsFromConfig({ learningRate: 'fast' }, 1), { code: 'QF_ERR_BAD_TASK' });
  assert.throws(() => trainOptionsFromConfig({ optimizer: 'lbfgs' }, 1), { code: 'QF_ERR_BAD_TASK' });
});

test('the server may lower the round budget but never raise it above the gateway’s own', () => {
  assert.equal(budgetFromConfig({ maxWindows: 100 }, own).maxWindows, 100);
  assert.equal(budgetFromConfig({ maxWindows: 100_000 }, own).maxWindows, 512);
  assert.equal(budgetFromConfig({ maxWindows: 10 }, own).minNegatives, 10);
  assert.deepEqual(budgetFromConfig({}, own), { ...own, miningCandidates: 1 });
});

test('a round draws mining candidates only when its config mines, and each epoch then trains on the budget’s negatives', () => {
  assert.equal(budgetFromConfig({ hardNegativeShare: 0.25 }, own).miningCandidates, 4);
  assert.equal(budgetFromConfig({ hardNegativeShare: 0 }, own).miningCandidates, 1);
  const labels = new Uint8Array(2000).fill(1, 0, 12);
  const mined = trainOptionsFromConfig({ hardNegativeShare: 0.25 }, 1);
  assert.equal(miningOptions(mined, labels, own).negativesPerEpoch, 512 - 12);
  const plain = trainOptionsFromConfig({}, 1);
  assert.equal(miningOptions(plain, labels, own), plain);
  assert.throws(() => trainOptionsFromConfig({ hardNegativeShare: 1.5 }, 1), {
    code: 'QF_ERR_BAD_TASK',
    message: /hardNegativeShare/,
  });
});

test('evaluation threshold and bins come from the config, else the defaults', () => {
  assert.deepEqual(evaluationSettings({ threshold: 0.3 }, { threshold: 0.5, bins: 1000 }), {
    threshold: 0.3,
    bins: 1000,
  });
  assert.throws(() => evaluationSettings({ threshold: 2 }, { threshold: 0.5, bins: 1000 }), {
    code: 'QF_ERR_BAD_TASK',
  });
});

test('a fit config the coordinator would not have started with is refused as QF_ERR_BAD_TASK', () => {
  assert.throws(() => trainOptionsFromConfig({ epochs: 2.5 }, 1), { code: 'QF_ERR_BAD_TASK', message: /epochs/ });
  assert.throws(() => budgetFromConfig({ maxWindows: 1.5 }, own), { code: 'QF_ERR_BAD_TASK', message: /maxWindows/ });
});
