import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QuakefedError } from './quakefed-error.js';

test('a QuakefedError is an Error with its code, message and cause', () => {
  const cause = new Error('disk full');
  const e = new QuakefedError('QF_ERR_CHECKPOINT', 'cannot write', { cause });
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'QF_ERR_CHECKPOINT');
  assert.equal(e.message, 'cannot write');
  assert.equal(e.cause, cause);
});

test('subclasses of QuakefedError report their own class name', () => {
  class RoundError extends QuakefedError {}
  const e = new RoundError('QF_ERR_ROUND_MISMATCH', 'late');
  assert.equal(e.name, 'RoundError');
  assert.equal(e.code, 'QF_ERR_ROUND_MISMATCH');
});
