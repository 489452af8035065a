import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIT_CONFIG_KEYS, parseFitConfig } from './fit-config.js';

test('a fit config becomes the training options it sets and the round budget', () => {
  assert.deepEqual(
    parseFitConfig({ epochs: 2, optimizer: 'sgd', momentum: 0.9, classBalanced: true, maxWindows: 64 }),
    {
      train: { epochs: 2, optimizer: 'sgd', momentum: 0.9, classBalanced: true },
      maxWindows: 64,
    },
  );
});

test('values trainLocal would refuse are refused here, naming the key', () => {
  const refused = (config: Record<string, number | string | boolean>, key: RegExp) =>
    assert.throws(() => parseFitConfig(config), { code: 'QF_ERR_BAD_OPTIONS', message: key });
  refused({ epochs: 2.5 }, /epochs/);
  refused({ epochs: 0 }, /epochs/);
  refused({ batchSize: '8' }, /"batchSize" must be a finite number/);
  refused({ learningRate: 0 }, /learningRate/);
  refused({ loss: 'hinge' }, /"loss" must be one of focal, bce, weighted-bce/);
  refused({ classBalanced: 1 }, /"classBalanced" must be true or false/);
  refused({ proxMu: -1 }, /proxMu/);
  refused({ maxWindows: 0 }, /"maxWindows" must be a positive integer/);
});

test('FedProx μ > 0 is accepted: its anchor is the task’s own global model', () => {
  assert.deepEqual(parseFitConfig({ proxMu: 0.01 }).train, { proxMu: 0.01 });
});

test('unknown keys are ignored for a client and rejected for the coordinator’s own config', () => {
  assert.deepEqual(parseFitConfig({ epocs: 2 }).train, {});
  assert.throws(() => parseFitConfig({ epocs: 2 }, 'reject'), {
    code: 'QF_ERR_BAD_OPTIONS',
    message: /unknown key "epocs"/,
  });
  assert.ok(FIT_CONFIG_KEYS.includes('maxWindows'));
  assert.doesNotThrow(() => parseFitConfig({ epochs: 1, maxWindows: 8, proxMu: 0 }, 'reject'));
});
