import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameBudget } from './frame-budget.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** How many frames in a row the budget lets through right now. */
function drain(budget: FrameBudget): number {
  let n = 0;
  while (budget.take()) n++;
  return n;
}

test('a full budget lets a burst through, then refuses until time refills it at the rate', () => {
  const clock = manualClock();
  const budget = new FrameBudget(5, 2, clock.now);
  assert.equal(drain(budget), 5);
  clock.advance(1000);
  assert.equal(drain(budget), 2);
  clock.advance(250);
  assert.equal(drain(budget), 0); // half a token
  clock.advance(250);
  assert.equal(drain(budget), 1);
});

test('time refills a budget only up to its burst', () => {
  const clock = manualClock();
  const budget = new FrameBudget(3, 10, clock.now);
  clock.advance(60_000);
  assert.equal(drain(budget), 3);
});

test('each reply asked for is granted a token beyond the burst, with no time passing', () => {
  const clock = manualClock();
  const budget = new FrameBudget(2, 1, clock.now);
  for (let i = 0; i < 3; i++) budget.grant();
  assert.equal(drain(budget), 5);
  for (let round = 0; round < 100; round++) {
    budget.grant();
    assert.ok(budget.take(), `reply ${round}`);
  }
});
