import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from './random.js';

test('same seed, same sequence; different seeds differ', () => {
  const draw = (seed: number) => {
    const r = createRng(seed);
    return [r.next(), r.normal(), r.int(10), r.nextUint32()];
  };
  assert.deepEqual(draw(5), draw(5));
  assert.notDeepEqual(draw(5), draw(6));
});

test('next() is uniform in [0, 1), int(n) in [0, n), normal() has mean 0 and variance 1', () => {
  const r = createRng(1);
  let sum = 0;
  let sq = 0;
  const counts = new Array<number>(5).fill(0);
  for (let i = 0; i < 100000; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    counts[r.int(5)]! += 1;
    const z = r.normal();
    sum += z;
    sq += z * z;
  }
  assert.ok(Math.abs(sum / 1e5) < 0.02);
  assert.ok(Math.abs(sq / 1e5 - 1) < 0.02);
  for (const c of counts) assert.ok(Math.abs(c / 1e5 - 0.2) < 0.01);
});

test('fork() gives an independent, reproducible stream', () => {
  const a = createRng(3).fork();
  const b = createRng(3).fork();
  assert.equal(a.next(), b.next());
  assert.notEqual(createRng(3).fork().next(), createRng(3).next());
});
