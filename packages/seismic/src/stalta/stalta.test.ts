import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { classicStaLta, recursiveStaLta, triggerOnsets } from './stalta.js';
import { coincidenceTrigger } from './coincidence.js';

/** Naive reference: explicit windows, no prefix sums. */
function naiveClassic(x: number[], nsta: number, nlta: number): number[] {
  return x.map((_, i) => {
    if (i < nlta - 1) return 0;
    const mean = (from: number): number => {
      let s = 0;
      for (let k = from; k <= i; k++) s += x[k]! * x[k]!;
      return s / (i - from + 1);
    };
    return mean(i - nsta + 1) / mean(i - nlta + 1);
  });
}

test('classic STA/LTA equals a naive windowed reference', () => {
  const rng = createRng(4);
  const x = Array.from({ length: 500 }, () => rng.normal() * (1 + rng.next()));
  const fast = classicStaLta(x, 5, 50);
  const ref = naiveClassic(x, 5, 50);
  ref.forEach((v, i) => assert.ok(Math.abs(fast[i]! - v) < 1e-9 * Math.max(1, v), `sample ${i}`));
});

test('recursive STA/LTA equals the textbook recursion (sta += (x² − sta)/nsta, zero for nlta samples)', () => {
  const rng = createRng(5);
  const x = Array.from({ length: 400 }, () => rng.normal());
  const out = recursiveStaLta(x, 4, 40);
  let sta = 0;
  let lta = 1e-99;
  x.forEach((v, i) => {
    sta += (v * v - sta) / 4;
    lta += (v * v - lta) / 40;
    assert.ok(Math.abs(out[i]! - (i < 40 ? 0 : sta / lta)) < 1e-9, `sample ${i}`);
  });
});

test('classic STA/LTA, hand-worked: a step from 1 to 3 with nsta = 2, nlta = 4', () => {
  // x² = 1,1,1,1,9,9 → at i=3: 1/1; i=4: (1+9)/2 / ((1+1+1+9)/4) = 5/3; i=5: 9 / (20/4) = 1.8
  const r = classicStaLta([1, 1, 1, 1, 3, 3], 2, 4);
  assert.deepEqual(Array.from(r.subarray(0, 3)), [0, 0, 0]);
  assert.ok(Math.abs(r[3]! - 1) < 1e-12);
  assert.ok(Math.abs(r[4]! - 5 / 3) < 1e-12);
  assert.ok(Math.abs(r[5]! - 1.8) < 1e-12);
});

test('trigger on/off, hand-worked', () => {
  const ratio = [0, 1, 4, 5, 3, 0.5, 2, 4.2, 4.1];
  assert.deepEqual(triggerOnsets(ratio, 3.5, 1), [
    [2, 5],
    [7, 8],
  ]);
});

test('network coincidence: k of n stations within the window', () => {
  const t = (stationId: string, time: number) => ({ stationId, time });
  const triggers = [
    t('A', 1000),
    t('B', 2500),
    t('C', 3000),
    t('A', 20000),
    t('A', 21000),
    t('B', 40000),
    t('C', 49000),
  ];
  const out = coincidenceTrigger(triggers, 2, 3);
  assert.deepEqual(out, [{ time: 1000, stations: ['A', 'B', 'C'] }]); // A twice at 20 s is one station
  assert.equal(coincidenceTrigger(triggers, 4, 3).length, 0);
});

test('invalid STA/LTA and trigger parameters are QF_ERR_BAD_OPTIONS', () => {
  const code = { code: 'QF_ERR_BAD_OPTIONS' };
  assert.throws(() => classicStaLta([1, 2, 3], 4, 2), code);
  assert.throws(() => recursiveStaLta([1, 2, 3], 0, 2), code);
  assert.throws(() => triggerOnsets([1, 2, 3], 1, 2), code);
  assert.throws(() => coincidenceTrigger([], 0, 1), code);
});
