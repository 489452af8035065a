import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTrainOptions } from './train-options.js';

test('contradictory or invalid options are rejected', () => {
  assert.throws(() => resolveTrainOptions({ proxMu: 0.1 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveTrainOptions({ epochs: 0 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveTrainOptions({ learningRate: -1 }), { code: 'QF_ERR_BAD_OPTIONS' });
  assert.throws(() => resolveTrainOptions({ optimizer: 'rmsprop' as never }), { code: 'QF_ERR_BAD_OPTIONS' });
});
