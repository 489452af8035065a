import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStationProfile } from './profile.js';
import { makeLabelledWindows, planLabelledWindows } from './windows.js';
import { LABELLED_DEFAULTS, WINDOW_DEFAULTS } from '../defaults.js';

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
  assert.equal(ws.length, WINDOW_DEFAULTS.windowSeconds * profile.sampleRate);
  assert.equal(ws.x.length, 2002 * ws.length * 3);
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
  const hard = plan.kinds.filter((k) => k !== 'noise' && k !== 'quake' && k !== 'offset-quake').length;
  assert.equal(hard, 200);
  assert.ok(new Set(plan.kinds).size >= 4);
});

test('offset quakes are negatives whose P lies outside the label span, at the requested share', () => {
  const plan = planLabelledWindows(profile, { count: 1001, offsetQuakeShare: 0.1, hardNegativeShare: 0.3, seed: 4 });
  assert.equal(plan.kinds.filter((k) => k === 'offset-quake').length, 100);
  assert.equal(plan.kinds.filter((k) => k !== 'noise' && k !== 'quake' && k !== 'offset-quake').length, 300);
  const ws = makeLabelledWindows(profile, {
    count: 80,
    imbalance: 1,
    offsetQuakeShare: 1,
    hardNegativeShare: 0,
    positiveSnrRange: [20, 20],
    seed: 7,
  });
  const offset = ws.meta!.filter((m) => m.kind === 'offset-quake');
  assert.equal(offset.length, 40);
  for (const m of offset) {
    assert.equal(m.label, 0);
    const p = m.pArrivalOffsetSeconds!;
    const { leadSeconds, marginSeconds } = LABELLED_DEFAULTS.offsetQuake;
    const [pMin, pMax] = WINDOW_DEFAULTS.pOffsetRangeSeconds;
    const before = p >= -leadSeconds && p <= pMin - marginSeconds;
    const after = p >= pMax + marginSeconds && p <= WINDOW_DEFAULTS.windowSeconds;
    assert.ok(before || after, `P offset ${p}`);
    assert.ok(Math.abs(m.snr! - 20) < 1e-6);
  }
  assert.ok(offset.some((m) => m.pArrivalOffsetSeconds! < 0) && offset.some((m) => m.pArrivalOffsetSeconds! > 8));
  const quakeFree = planLabelledWindows(makeStationProfile({ quakeRatePerDay: 0 }), {
    count: 500,
    imbalance: 'profile',
    offsetQuakeShare: 0.1,
    seed: 2,
  });
  assert.ok(!quakeFree.kinds.includes('offset-quake'), 'a station without quakes gets no offset quakes');
  assert.throws(
    () => planLabelledWindows(profile, { count: 10, offsetQuakeShare: 0.8, hardNegativeShare: 0.3, seed: 1 }),
    {
      code: 'QF_ERR_BAD_OPTIONS',
    },
  );
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
  const beyondWindow = WINDOW_DEFAULTS.windowSeconds + 2;
  assert.throws(() => planLabelledWindows(profile, { count: 10, pOffsetRangeSeconds: [5, beyondWindow], seed: 1 }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});

test('a share of the windows of every kind is partial: data up to its kept seconds, zeros after', () => {
  const ws = makeLabelledWindows(profile, { count: 40, imbalance: 1, partialShare: 1, seed: 8 });
  const fs = profile.sampleRate;
  for (const [i, m] of ws.meta!.entries()) {
    const kept = m.keptSeconds!;
    assert.ok(kept >= WINDOW_DEFAULTS.minPartialSeconds && kept < WINDOW_DEFAULTS.windowSeconds, `kept ${kept}`);
    const window = ws.x.subarray(i * ws.length * 3, (i + 1) * ws.length * 3);
    assert.ok(window.subarray(Math.round(kept * fs) * 3).every((v) => v === 0));
    assert.ok(window.subarray(0, Math.round(kept * fs) * 3).some((v) => v !== 0));
    if (m.label === 1) assert.ok(m.pArrivalOffsetSeconds! < kept, 'a positive keeps its P');
  }
  const mixed = makeLabelledWindows(profile, { count: 200, imbalance: 1, seed: 8 });
  const partial = mixed.meta!.filter((m) => m.keptSeconds !== undefined);
  assert.ok(partial.length > 5 && partial.length < 40, `${partial.length} of 200 partial at the default share`);
  assert.ok(partial.some((m) => m.label === 1) && partial.some((m) => m.label === 0));
  assert.throws(() => planLabelledWindows(profile, { count: 10, partialShare: 1.5, seed: 1 }), {
    code: 'QF_ERR_BAD_OPTIONS',
  });
});
