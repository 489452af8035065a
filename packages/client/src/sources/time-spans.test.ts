import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendSpan, mergeSpans, spansLength, type TimeSpan } from './time-spans.js';

test('appendSpan widens the last span for a record that follows it within the tolerance', () => {
  const spans: TimeSpan[] = [];
  appendSpan(spans, 0, 100, 1);
  appendSpan(spans, 100.4, 200, 1);
  appendSpan(spans, 500, 600, 1);
  assert.deepEqual(spans, [
    { start: 0, end: 200 },
    { start: 500, end: 600 },
  ]);
});

test('appendSpan starts a new span for a record earlier than the last span', () => {
  const spans: TimeSpan[] = [{ start: 500, end: 600 }];
  appendSpan(spans, 0, 100, 1);
  assert.deepEqual(spans, [
    { start: 500, end: 600 },
    { start: 0, end: 100 },
  ]);
});

test('mergeSpans unites overlapping and touching spans in any order, keeping the gaps', () => {
  const merged = mergeSpans([
    { start: 500, end: 600 },
    { start: 0, end: 100 },
    { start: 50, end: 150 },
    { start: 150, end: 200 },
  ]);
  assert.deepEqual(merged, [
    { start: 0, end: 200 },
    { start: 500, end: 600 },
  ]);
  assert.equal(spansLength(merged), 300);
});
