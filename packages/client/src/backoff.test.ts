import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from './backoff.js';

const options = { baseMs: 100, factor: 2, maxMs: 1000 };

test('backoff ceilings grow exponentially and are capped', () => {
  const b = new Backoff(options, () => 0.5);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 60].map((a) => b.ceilingMs(a)),
    [100, 200, 400, 800, 1000, 1000, 1000],
  );
});

test('backoff delays use full jitter: uniform between 0 and the ceiling', () => {
  const draws = [0, 0.999, 0.5];
  const b = new Backoff(options, () => draws.shift() ?? 0);
  assert.deepEqual([b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs()], [0, 199, 200]);
});

test('backoff reset starts the schedule again', () => {
  const b = new Backoff(options, () => 0.999);
  b.nextDelayMs();
  b.nextDelayMs();
  b.nextDelayMs();
  b.reset();
  assert.equal(b.attempts, 0);
  assert.equal(b.nextDelayMs(), 99);
});

test('backoff ceiling stays finite after a very long outage', () => {
  const b = new Backoff(options, () => 0.5);
  assert.equal(b.ceilingMs(1e9), 1000);
});
