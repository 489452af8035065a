import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRecall } from './format.js';

test('a recall is written with the hits and events it rests on', () => {
  assert.equal(formatRecall({ recall: 37 / 60, hits: 37, events: 60 }), '0.62 (37/60)');
  assert.equal(formatRecall({ recall: 0.5, hits: 1, events: 2 }, 3), '0.500 (1/2)');
});

test('a recall over no events is a dash', () => {
  assert.equal(formatRecall({ recall: Number.NaN, hits: 0, events: 0 }), '– (0/0)');
});
