import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingSlots } from './training-slots.js';

test('slots up to the capacity are taken at once; the next waits for a release, first come first served', async () => {
  const slots = new TrainingSlots(2);
  const a = await slots.acquire();
  await slots.acquire();
  const order: string[] = [];
  const c = slots.acquire().then((release) => (order.push('c'), release));
  const d = slots.acquire().then((release) => (order.push('d'), release));
  await Promise.resolve();
  assert.deepEqual(order, []);
  assert.equal(slots.taken, 2);
  a();
  (await c)();
  await d;
  assert.deepEqual(order, ['c', 'd']);
  assert.equal(slots.taken, 2);
});

test('releasing twice gives one slot back', async () => {
  const slots = new TrainingSlots(1);
  const release = await slots.acquire();
  release();
  release();
  assert.equal(slots.taken, 0);
  await slots.acquire();
  assert.equal(slots.taken, 1);
});

test('a capacity that is not a positive integer is refused', () => {
  assert.throws(() => new TrainingSlots(0), RangeError);
});
