import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenario } from '../scenario.js';
import { windowTrace } from '@quakefed/seismic';
import { heldOutStations, makeValidationSet } from './held-out.js';

const s = resolveScenario({
  validation: { stations: 2, streamHours: 1 },
  test: { stations: 2, streamHours: 0.5, quakesPerDay: 200 },
});

test('validation and test stations are different stations, on networks of their own', () => {
  const ids = (part: 'validation' | 'test') => [...heldOutStations(s, part)].map((st) => st.id);
  const [validation, testIds] = [ids('validation'), ids('test')];
  assert.ok(validation.every((id) => id.startsWith('HV.')));
  assert.ok(testIds.every((id) => id.startsWith('HO.')));
  assert.equal(validation.filter((id) => testIds.includes(id)).length, 0);
});

test('the validation set holds every included positive of the validation stations and 2000 sampled negatives', () => {
  const stations = [...heldOutStations(s, 'validation')];
  const positives = stations.reduce(
    (n, st) => n + st.labels.reduce((k, l, i) => k + (l && st.included[i] ? 1 : 0), 0),
    0,
  );
  assert.ok(positives > 0);
  const set = makeValidationSet(s);
  const setPositives = set.labels.reduce((n, l) => n + l, 0);
  assert.equal(setPositives, positives);
  assert.equal(set.count - setPositives, 2000);
  assert.deepEqual(makeValidationSet(s).x.subarray(0, 3000), set.x.subarray(0, 3000));
});

test('a held-out station cuts its windows once, when first used: the windows windowTrace makes of its trace', () => {
  const st = heldOutStations(s, 'test').next().value!;
  const windows = st.windows;
  assert.equal(st.windows, windows);
  assert.deepEqual(windows.x, windowTrace(st.trace, { hopSeconds: s.test.detectionHopSeconds }).x);
  assert.equal(st.labels.length, windows.count);
  assert.equal(st.onsets.length, windows.count);
});
