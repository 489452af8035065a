import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legacyKeys } from './legacy-keys.js';

test('legacyKeys renames keys at any depth, in place in the key order, and nothing else', () => {
  const value = { a: 1, hopSeconds: 2, rows: [{ delaySeconds: 3, b: 'hopSeconds' }], toString: 4 };
  const text = JSON.stringify(value, legacyKeys({ hopSeconds: 'hopSec', delaySeconds: 'delayS' }));
  assert.equal(text, '{"a":1,"hopSec":2,"rows":[{"delayS":3,"b":"hopSeconds"}],"toString":4}');
});
