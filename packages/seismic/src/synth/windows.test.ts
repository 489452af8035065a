import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStationProfile } from './profile.js';
import { makeLabelledWindows, planLabelledWindows } from './windows.js';

const profile = makeStationProfile();

test('the default imbalance is 1:1000 (positives = round(count / 1001))', () => {
  const plan = planLabelledWindows(profile, { count: 50050, seed: 1 });
  assert.equal(plan.positives, 50);
  assert.equal(plan.kinds.filter((k) => k === 'quake').length, 50);
});

test('the imbalance is configurable to 1:10000', () => {
  const plan = planLabelledWindows(profile, { count: 100010, imbalance: 10000, seed: 1 });
  assert.equal(plan.kinds.filter((k) => k === 'quake').length, 10);
});

test('generated windows meet the requested imbalance and carry matching labels and meta', () => {
  const ws = makeLabelledWindows(profile, { count: 2002, seed: 2 });
  assert.equal(ws.count, 2002);
  assert.equal(ws.x.length, 2002 * 1000 * 3);
  assert.equal(
    ws.labels.reduce((s, v) => s + v, 0),
    2,
  );
  ws.meta!.forEach((m, i) => {
    assert.equal(m.label, ws.labels[i]);
    assert.equal(m.label === 1, m.kind === 'quake');
  });
});

test('positives hold a P arrival in the documented offset range with magnitude, distance and SNR ≥ minSnr', () => {
  const ws = makeLabelledWindows(profile, { count: 60, imbalance: 2, seed: 3 });
  const positives = ws.meta!.filter((m) => m.label === 1);
  assert.equal(positives.length, 20);
  for (const m of positives) {
    assert.ok(m.pArrivalOffsetSeconds! >= 1 && m.pArrivalOffsetSeconds! <= 7, `offset ${m.pArrivalOffsetSeconds}`);
    assert.ok(m.magnitude! >= 0.5 && m.distanceKm! >= 5 && m.snr! >= 1);
    assert.equal(m.labelSource, 'synthetic');
  }
});

test('SNR-balanced positives are rescaled to a P-wave SNR within positiveSnrRange, spread over it', () => {
  const ws = makeLabelledWindows(profile, { count: 40, imbalance: 1, positiveSnrRange: [10, 1000], seed: 6 });
  const snrs = ws.meta!.filter((m) => m.label === 1).map((m) => m.snr!);
  assert.equal(snrs.length, 20);
  for (const snr of snrs) assert.ok(snr >= 10 * (1 - 1e-9) && snr <= 1000 * (1 + 1e-9), `snr ${snr}`);
  assert.ok(Math.max(...snrs) / Math.min(...snrs) > 10, 'log-uniform over two decades, not one value');
  assert.throws(() => makeLabelledWindows(profile, { count: 4, imbalance: 1, positiveSnrRange: [5, 2], seed: 6 }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});

test('negatives include hard negatives at the requested share', () => {
  const plan = planLabelledWindows(profile, { count: 1001, hardNegativeShare: 0.2, seed: 4 });
  const hard = plan.kinds.filter((k) => k !== 'noise' && k !== 'quake').length;
  assert.equal(hard, 200);
  assert.ok(new Set(plan.kinds).size >= 4);
});

test("imbalance 'profile' follows the station's quake rate (none for a quake-free station)", () => {
  assert.equal(
    planLabelledWindows(makeStationProfile({ quakeRatePerDay: 0 }), { count: 5000, imbalance: 'profile', seed: 1 })
      .positives,
    0,
  );
  const busy = planLabelledWindows(makeStationProfile({ quakeRatePerDay: 86.4 }), {
    count: 5000,
    imbalance: 'profile',
    hopSeconds: 10,
    seed: 1,
  });
  assert.equal(busy.positives, 50);
});

test('same seed gives identical windows', () => {
  const a = makeLabelledWindows(profile, { count: 30, imbalance: 5, seed: 9 });
  const b = makeLabelledWindows(profile, { count: 30, imbalance: 5, seed: 9 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.labels, b.labels);
});

test('a Z-only station fills the N and E slots with zeros', () => {
  const ws = makeLabelledWindows(makeStationProfile({ components: 1 }), { count: 3, imbalance: 1, seed: 5 });
  for (let i = 0; i < ws.count * ws.length; i++) {
    assert.equal(ws.x[i * 3 + 1], 0);
    assert.equal(ws.x[i * 3 + 2], 0);
  }
  assert.ok(ws.x.some((v) => v !== 0));
});

test('contradictory options are rejected with a stable code', () => {
  assert.throws(() => planLabelledWindows(profile, { count: 10, durationSeconds: 100, seed: 1 }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
  assert.throws(() => planLabelledWindows(profile, { count: 10, pOffsetRangeSeconds: [5, 12], seed: 1 }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});
