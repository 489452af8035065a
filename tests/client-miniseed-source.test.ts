/**
 * The miniSEED-archive data source labels windows at the catalogue's predicted P arrivals. The archive
 * is a synthetic stream written with the seismic package's miniSEED writer, so the true arrivals are
 * known; the catalogue places each event right under the station at 6 km depth, origin 1 s before its
 * true P arrival (6 km / 6 km/s), so predicted and true arrivals coincide.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  makeStationProfile,
  synthesizeStream,
  writeMiniSeedFile,
  WINDOW_DEFAULTS,
  type SyntheticStream,
  type WindowSet,
} from '@quakefed/seismic';
import { LABELLING_DEFAULTS, MiniSeedDirectorySource, detectabilityThreshold } from '@quakefed/client';

const station = { latitude: 46.5, longitude: 7.5, elevationM: 0 };
const START = Date.UTC(2024, 2, 1);
const HOP_SECONDS = 5;
const WINDOW_SECONDS = WINDOW_DEFAULTS.windowSeconds;
const P_SPAN_SECONDS = WINDOW_DEFAULTS.pOffsetRangeSeconds;
const everything = { maxWindows: 1_000_000, minNegatives: 0, seed: 1, miningCandidates: 1 };

let dir: string;
let stream: SyntheticStream;
/** Predicted arrival of an extra catalogue event that is too far to be seen (just below threshold). */
let hiddenArrival: number;
let training: WindowSet;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qf-archive-'));
  const profile = makeStationProfile({
    network: 'XX',
    station: 'ARC',
    location: '00',
    quakeRatePerDay: 150,
    hardNegativeRatePerHour: 0,
  });
  stream = synthesizeStream(profile, { startTime: START, durationSeconds: 3600, seed: 5 });
  mkdirSync(join(dir, '2024', 'XX', 'ARC'), { recursive: true });
  await writeMiniSeedFile(stream.trace, join(dir, '2024', 'XX', 'ARC', 'XX.ARC.00.HH.mseed'));
  writeFileSync(join(dir, 'README.txt'), 'not miniSEED: the source skips it\n');

  // 200 km north, 10 km deep: hidden event with magnitude half a unit below the detectability threshold.
  const farKm = Math.hypot(200, 10);
  hiddenArrival = START + 1800_000 + (farKm / LABELLING_DEFAULTS.vpKmPerSecond) * 1000;
  const hiddenMagnitude = detectabilityThreshold(farKm, LABELLING_DEFAULTS) - 0.5;
  const rows = stream.events.map(
    (e) =>
      `${new Date(e.pArrivalTime - 1000).toISOString()},${station.latitude},${station.longitude},6,${e.magnitude.toFixed(2)}`,
  );
  rows.push(
    `${new Date(START + 1800_000).toISOString()},${station.latitude + 200 / 111.19492664},${station.longitude},10,${hiddenMagnitude.toFixed(2)}`,
  );
  writeFileSync(join(dir, 'catalogue.csv'), ['time,latitude,longitude,depth,mag', ...rows].join('\n') + '\n');

  const source = new MiniSeedDirectorySource({
    dataDir: dir,
    stationIds: ['XX.ARC.00.HHZ'],
    station,
    catalogue: join(dir, 'catalogue.csv'),
    labelling: { evaluationFraction: 0, windowHopSeconds: HOP_SECONDS },
    maxNegatives: 100_000,
  });
  training = await source.trainingWindows(1, everything);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Events whose labelled windows all lie inside the hour (none near the edges). */
function interiorArrivals(): number[] {
  return stream.events.map((e) => e.pArrivalTime).filter((t) => t > START + 15_000 && t < START + 3_585_000);
}

test('the synthetic archive holds several events (precondition)', () => {
  assert.ok(interiorArrivals().length >= 3, `only ${interiorArrivals().length} events`);
});

test('every positive window holds a true P arrival in its labelled span', () => {
  const arrivals = stream.events.map((e) => e.pArrivalTime);
  const positives = training.meta!.filter((m) => m.label === 1);
  assert.ok(positives.length > 0);
  for (const m of positives) {
    const p = m.startTime + m.pArrivalOffsetSeconds! * 1000;
    assert.ok(
      arrivals.some((t) => Math.abs(t - p) < 20),
      `positive at ${new Date(m.startTime).toISOString()} has no true P`,
    );
    assert.ok(
      m.pArrivalOffsetSeconds! >= P_SPAN_SECONDS[0] - 0.01 && m.pArrivalOffsetSeconds! <= P_SPAN_SECONDS[1] + 0.01,
    );
    assert.equal(m.labelSource, 'catalogue');
  }
});

test('every window whose span holds a true P arrival is labelled positive', () => {
  const positiveStarts = new Set(training.meta!.filter((m) => m.label === 1).map((m) => m.startTime));
  for (const p of interiorArrivals()) {
    for (let s = START; s + WINDOW_SECONDS * 1000 <= START + 3_600_000; s += HOP_SECONDS * 1000) {
      if (p >= s + P_SPAN_SECONDS[0] * 1000 && p <= s + P_SPAN_SECONDS[1] * 1000) {
        assert.ok(positiveStarts.has(s), `window at +${(s - START) / 1000} s misses P at +${(p - START) / 1000} s`);
      }
    }
  }
});

test('no negative window overlaps the signal of a catalogued event', () => {
  const arrivals = stream.events.map((e) => e.pArrivalTime);
  for (const m of training.meta!.filter((w) => w.label === 0)) {
    for (const p of arrivals) {
      const overlaps =
        m.startTime < p + LABELLING_DEFAULTS.minSignalSeconds * 1000 && m.startTime + WINDOW_SECONDS * 1000 > p - 2000;
      assert.ok(!overlaps, `negative at +${(m.startTime - START) / 1000} s overlaps P at +${(p - START) / 1000} s`);
    }
  }
});

test('windows around a near-threshold event too far to be seen are excluded, not negative', () => {
  const near = training.meta!.filter(
    (m) => m.startTime + WINDOW_SECONDS * 1000 > hiddenArrival - 2000 && m.startTime < hiddenArrival + 20_000,
  );
  assert.deepEqual(near, []);
  // …while windows in the minutes before it are ordinary negatives.
  const before = training.meta!.filter(
    (m) => m.label === 0 && m.startTime > hiddenArrival - 300_000 && m.startTime < hiddenArrival - 30_000,
  );
  assert.ok(before.length > 0);
});

test('labels and samples agree: windows are preprocessed model inputs', () => {
  assert.equal(training.length, WINDOW_SECONDS * 100);
  assert.equal(training.channels, 3);
  assert.equal(training.x.length, training.count * training.length * 3);
  assert.ok(training.x.every(Number.isFinite));
});
