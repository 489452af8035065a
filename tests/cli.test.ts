import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runQuakefed } from './support/quakefed-bin.js';

test('the quakefed binary starts and prints its help', () => {
  const r = runQuakefed(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: quakefed \[options\] \[command\]/);
});
