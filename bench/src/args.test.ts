import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flagValue, numberFlag } from './args.js';

test('a flag gives the value after it; absent, or without a value, the fallback', () => {
  const args = ['model-dir', '--hop', '1', '--dev-set', 'x', '--reps'];
  assert.equal(flagValue(args, '--dev-set'), 'x');
  assert.equal(flagValue(args, '--threshold'), undefined);
  assert.equal(flagValue(args, '--reps'), undefined);
  assert.equal(numberFlag(args, '--hop', 2), 1);
  assert.equal(numberFlag(args, '--reps', 25), 25);
  assert.equal(numberFlag(args, '--clients', 200), 200);
});
