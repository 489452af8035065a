import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTrainOptions } from './train-options.js';

test('contradictory or invalid options are rejected', () => {
  assert.throws(() => resolveTrainOptions({ proxMu: 0.1 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveTrainOptions({ epochs: 0 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveTrainOptions({ learningRate: -1 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveTrainOptions({ optimizer: 'rmsprop' as never }), { code: 'QF_ERR_BAD_OPTIONS' });
});

test('weight averaging starts at an epoch the run has', () => {
  assert.equal(resolveTrainOptions({ epochs: 3, averageFromEpoch: 3 }).averageFromEpoch, 3);
  for (const averageFromEpoch of [0, 4, 1.5])
    assert.throws(() => resolveTrainOptions({ epochs: 3, averageFromEpoch }), {
      code: 'QF_ERR_BAD_OPTIONS',
      message: /averageFromEpoch must be an integer in \[1, epochs = 3\]/,
    });
});
