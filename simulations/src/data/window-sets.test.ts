import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WindowSet } from '@quakefed/seismic';
import { concatWindows, firstWindows } from './window-sets.js';

/** `count` windows of 2 samples × 1 channel, valued from `from` on, labelled by `label`. */
function set(count: number, from: number, label: (i: number) => number): WindowSet {
  return {
    x: Float32Array.from({ length: count * 2 }, (_, i) => from + i),
    labels: Uint8Array.from({ length: count }, (_, i) => label(i)),
    count,
    length: 2,
    channels: 1,
  };
}

test('concatWindows puts the sets one after the other, windows and labels alike', () => {
  const joined = concatWindows([set(2, 0, () => 1), set(3, 100, (i) => i % 2)]);
  assert.equal(joined.count, 5);
  assert.deepEqual(Array.from(joined.x), [0, 1, 2, 3, 100, 101, 102, 103, 104, 105]);
  assert.deepEqual(Array.from(joined.labels), [1, 1, 0, 1, 0]);
  assert.deepEqual([joined.length, joined.channels], [2, 1]);
});

test('concatWindows of one set is that set', () => {
  const only = set(3, 0, () => 0);
  assert.equal(concatWindows([only]), only);
});

test('firstWindows keeps the first windows as views, and a set no larger as it is', () => {
  const all = set(4, 0, (i) => (i === 0 ? 1 : 0));
  const first = firstWindows(all, 2);
  assert.equal(first.count, 2);
  assert.deepEqual(Array.from(first.x), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(first.labels), [1, 0]);
  assert.equal(first.x.buffer, all.x.buffer, 'a view, not a copy');
  assert.equal(firstWindows(all, 4), all);
  assert.equal(firstWindows(all, 9), all);
});
