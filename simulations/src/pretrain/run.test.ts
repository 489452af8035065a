import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRETRAIN_DEFAULTS } from './defaults.js';
import { resolvePretrainOptions } from './run.js';

test('weight averaging covers the second half of the epochs unless told otherwise', () => {
  assert.equal(PRETRAIN_DEFAULTS.epochs, 30);
  assert.equal(resolvePretrainOptions({ outDir: 'm' }).averageFromEpoch, 16);
  assert.equal(resolvePretrainOptions({ outDir: 'm', epochs: 5 }).averageFromEpoch, 3);
  assert.equal(resolvePretrainOptions({ outDir: 'm', epochs: 1 }).averageFromEpoch, 1);
  assert.equal(resolvePretrainOptions({ outDir: 'm', epochs: 5, averageFromEpoch: 0 }).averageFromEpoch, 0);
});

test('an invalid epoch count is named once, without a second complaint about averaging', () => {
  assert.throws(() => resolvePretrainOptions({ outDir: 'm', epochs: 0, averageFromEpoch: 11 }), {
    code: 'QF_ERR_PRETRAIN_INVALID',
    message: 'invalid pretraining options: epochs must be an integer in [1, 1000], got 0',
  });
});
