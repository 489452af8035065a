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
  assert.deepEqual(makeValidationSet(s).x.subarray(0, 3000), set.x.subarray(0, 3000), 'seeded: the same set twice');
});

test("a held-out station's windows are the windows windowTrace makes of its trace, cut batch by batch", () => {
  const st = heldOutStations(s, 'test').next().value!;
  const reference = windowTrace(st.trace, { hopSeconds: s.test.detectionHopSeconds });
  const { windows } = st;
  assert.equal(windows.count, reference.count);
  assert.deepEqual(windows.startTimes, reference.startTimes);
  const stride = windows.length * windows.channels;
  const cut = windows.cutter();
  const batches = [cut(0, 7), cut(7, windows.count - 7)];
  const x = new Float32Array(windows.count * stride);
  x.set(batches[0]!, 0);
  x.set(batches[1]!, 7 * stride);
  // The stream form equals the per-window reference within float rounding of the window's peak.
  const largestDifference = (a: Float32Array, b: Float32Array): number =>
    a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i]!)), 0);
  assert.ok(largestDifference(x, reference.x) < 1e-3, `largest difference ${largestDifference(x, reference.x)}`);
  const picked = windows.pick([2, 5]);
  assert.equal(picked.length, 2 * stride);
  assert.ok(largestDifference(picked.subarray(0, stride), x.subarray(2 * stride, 3 * stride)) < 1e-5);
  assert.ok(largestDifference(picked.subarray(stride), x.subarray(5 * stride, 6 * stride)) < 1e-5);
  assert.equal(st.labels.length, windows.count);
  assert.equal(st.onsets.length, windows.count);
});
