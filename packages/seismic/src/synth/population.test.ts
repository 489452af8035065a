import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStationPopulation } from './population.js';

test('a population is deterministic for a seed and non-IID by construction', () => {
  const a = makeStationPopulation(200, 7);
  assert.deepEqual(a, makeStationPopulation(200, 7));
  const quakeFree = a.filter((p) => p.quakeRatePerDay === 0).length;
  assert.ok(quakeFree > 70 && quakeFree < 130, `quake-free ${quakeFree}`);
  assert.ok(new Set(a.map((p) => p.noiseClass)).size === 4);
  assert.ok(a.some((p) => p.components === 1) && a.some((p) => p.components === 3));
  const rates = a.map((p) => p.quakeRatePerDay).filter((r) => r > 0);
  assert.ok(Math.max(...rates) / Math.min(...rates) > 20, 'quake rates should spread widely');
  assert.equal(new Set(a.map((p) => p.station)).size, 200);
});

test('population knobs are honoured and contradictions rejected', () => {
  const none = makeStationPopulation(50, 1, {
    noQuakeShare: 1,
    nearFaultShare: 0,
    zOnlyShare: 1,
    noiseClassMix: { urban: 1 },
  });
  assert.ok(none.every((p) => p.quakeRatePerDay === 0 && p.components === 1 && p.noiseClass === 'urban'));
  assert.throws(() => makeStationPopulation(5, 1, { noQuakeShare: 0.8, nearFaultShare: 0.5 }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});
