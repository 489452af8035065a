import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetIndices, DATA_BUDGET_DEFAULTS, type DataBudget } from '@quakefed/client';
import {
  makeStationPopulation,
  type LabelledWindowOptions,
  type StationProfile,
  type WindowSet,
} from '@quakefed/seismic';
import { ARCHIVE_BLOCK, drawBlocks, SimulatedStationSource, type WindowSynthesizer } from './station-source.js';
import { TrainingSlots } from './training-slots.js';
import { CachedSynthesizer } from './window-cache.js';

/**
 * A synthesizer whose windows are one sample each, naming the window: 100 × (the request's number,
 * counted per distinct seed) + its index in the request. A window a round trains on can then be
 * traced back to the request that made it.
 */
function stubSynthesizer(): WindowSynthesizer & { requests: LabelledWindowOptions[] } {
  const requests: LabelledWindowOptions[] = [];
  const ids = new Map<number, number>();
  return {
    requests,
    async labelledWindows(_profile: StationProfile, o: LabelledWindowOptions): Promise<WindowSet> {
      requests.push(o);
      if (!ids.has(o.seed)) ids.set(o.seed, ids.size);
      const id = ids.get(o.seed)!;
      const count = o.count!;
      const labels = new Uint8Array(count).fill(o.imbalance === 0 ? 1 : 0);
      return { x: Float32Array.from({ length: count }, (_, i) => id * 100 + i), labels, count, length: 1, channels: 1 };
    },
  };
}

const profile = makeStationPopulation(1, 5, { noQuakeShare: 0 })[0]!;
const budget = (maxWindows: number): DataBudget => ({
  ...DATA_BUDGET_DEFAULTS,
  maxWindows,
  minNegatives: Math.min(64, maxWindows),
  seed: 9,
});

function source(negatives: number, synth = stubSynthesizer()) {
  const s = new SimulatedStationSource(
    { ...profile, quakeRatePerDay: 20 },
    { hours: 24, negatives, seed: 3, evaluationWindows: 8 },
    synth,
  );
  return { s, synth };
}

test('a round trains on every quake window and as many archive negatives as the client budget rule allows', async () => {
  const { s } = source(43_200);
  assert.ok(s.positives > 0);
  const w = await s.trainingWindows(1, budget(128));
  const positives = w.labels.reduce((n, l) => n + l, 0);
  assert.equal(positives, s.positives);
  const labels = new Uint8Array(s.positives + s.negatives).fill(1, 0, s.positives);
  assert.equal(w.count, budgetIndices(labels, 1, budget(128)).length);
  assert.equal(w.count - positives, s.roundNegatives(budget(128)));
});

test('only the blocks a round draws are synthesized, and a block drawn again comes from the shared cache', async () => {
  const synth = stubSynthesizer();
  const { s } = source(43_200, Object.assign(new CachedSynthesizer(synth, 2 ** 30), { requests: synth.requests }));
  await s.trainingWindows(1, budget(128));
  const first = synth.requests.filter((r) => r.imbalance !== 0).length;
  assert.equal(first, Math.ceil(s.roundNegatives(budget(128)) / ARCHIVE_BLOCK));
  await s.trainingWindows(1, budget(128));
  assert.equal(synth.requests.filter((r) => r.imbalance !== 0).length, first);
});

test('rounds draw different negatives; the same round draws the same ones', async () => {
  const { s } = source(43_200);
  const negatives = async (round: number) => (await s.trainingWindows(round, budget(128))).x.slice(s.positives).join();
  assert.equal(await negatives(1), await negatives(1));
  assert.notEqual(await negatives(1), await negatives(2));
});

test('a small archive is drawn whole, short last block included, and never repeats a window', async () => {
  const { s } = source(70); // blocks of 32, 32 and 6
  const w = await s.trainingWindows(1, budget(512));
  const negatives = Array.from(w.x.slice(s.positives));
  assert.equal(negatives.length, 70);
  assert.equal(new Set(negatives).size, 70);
});

test('drawBlocks returns distinct blocks covering the count, in a seeded order', () => {
  const drawn = drawBlocks(1000, 100, 4);
  assert.equal(new Set(drawn).size, drawn.length);
  assert.equal(drawn.length, 4); // 4 × 32 ≥ 100
  assert.ok(drawn.every((b) => b >= 0 && b < Math.ceil(1000 / ARCHIVE_BLOCK)));
  assert.deepEqual(drawBlocks(1000, 100, 4), drawn);
  assert.notDeepEqual(drawBlocks(1000, 100, 5), drawn);
});

test('with shared training slots a station waits for its windows until another is done training', async () => {
  const slots = new TrainingSlots(1);
  const synth = stubSynthesizer();
  const a = new SimulatedStationSource(
    profile,
    { hours: 24, negatives: 4_000, seed: 3, evaluationWindows: 8 },
    synth,
    slots,
  );
  const b = new SimulatedStationSource(
    profile,
    { hours: 24, negatives: 4_000, seed: 4, evaluationWindows: 8 },
    synth,
    slots,
  );
  await a.trainingWindows(1, budget(128));
  let bReady = false;
  const bWindows = b.trainingWindows(1, budget(128)).then(() => (bReady = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(bReady, false);
  a.trainingDone();
  await bWindows;
  assert.equal(slots.taken, 1);
  b.trainingDone();
  assert.equal(slots.taken, 0);
});

test('a round that mines hard negatives draws miningCandidates candidates per negative it trains on', async () => {
  const { s } = source(43_200);
  const plain = await s.trainingWindows(1, { ...budget(128), miningCandidates: 1 });
  const mined = await s.trainingWindows(1, { ...budget(128), miningCandidates: 4 });
  const negatives = (w: WindowSet) => w.count - w.labels.reduce((n, l) => n + l, 0);
  assert.equal(negatives(plain), 128 - s.positives);
  assert.equal(negatives(mined), 4 * (128 - s.positives));
});
