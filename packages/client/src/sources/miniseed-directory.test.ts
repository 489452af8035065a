/**
 * The archive scan's memory does not grow with the archive: it reads one chunk of time at a time and
 * keeps every positive plus at most `maxNegatives` negatives per set. The archive here spans three days
 * in SDS layout (one file per channel and day, so every chunk merges Z, N and E from three files), with
 * 20 minutes of data a day starting at odd times; the catalogue puts each synthetic quake right under
 * the station so that there are positives to keep.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStationProfile, synthesizeStream, writeMiniSeedFile, type WindowSet } from '@quakefed/seismic';
import { MODEL_SAMPLE_RATE_HZ } from '../defaults.js';
import { archiveChunks, READ_MARGIN_MS } from './archive-chunks.js';
import { indexArchive, type OnSkippedFile } from './archive-index.js';
import type { CatalogueEvent } from './catalogue.js';
import { MiniSeedDirectorySource, type MiniSeedDirectoryOptions } from './miniseed-directory.js';

const DAY_MS = 86_400_000;
const DAYS = 3;
const MINUTES_A_DAY = 20;
const station = { latitude: 46.5, longitude: 7.5, elevationM: 0 };
const everything = { maxWindows: 1_000_000, minNegatives: 0, seed: 1, miningCandidates: 1 };

let dir: string;
const events: CatalogueEvent[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qf-sds-'));
  const profile = makeStationProfile({
    network: 'XX',
    station: 'ARC',
    location: '00',
    quakeRatePerDay: 300,
    hardNegativeRatePerHour: 0,
  });
  for (let day = 0; day < DAYS; day++) {
    // Data start at an odd time each day (not on the 5 s window grid of day 1's first sample).
    const startTime = Date.UTC(2024, 2, 1) + day * DAY_MS + 3_600_000 * (day + 1) + 1_234 * day + 30;
    const { trace, events: quakes } = synthesizeStream(profile, {
      startTime,
      durationSeconds: MINUTES_A_DAY * 60,
      seed: 20 + day,
    });
    for (const [c, channel] of trace.channels.entries()) {
      const sub = join(dir, '2024', 'XX', 'ARC', `${channel}.D`);
      mkdirSync(sub, { recursive: true });
      await writeMiniSeedFile(
        { ...trace, channels: [channel], data: [trace.data[c]!] },
        join(sub, `XX.ARC.00.${channel}.D.2024.${61 + day}`),
      );
    }
    for (const q of quakes)
      events.push({ originTime: q.pArrivalTime - 1000, ...station, depthKm: 6, magnitude: q.magnitude });
  }
  writeFileSync(join(dir, 'README.txt'), 'not miniSEED\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function source(options: Partial<MiniSeedDirectoryOptions>): MiniSeedDirectorySource {
  return new MiniSeedDirectorySource({ dataDir: dir, stationIds: ['XX.ARC.00.HHZ'], station, events, ...options });
}

async function scan(
  options: Partial<MiniSeedDirectoryOptions>,
): Promise<{ training: WindowSet; evaluation: WindowSet; windows: number }> {
  const s = source(options);
  return {
    training: await s.trainingWindows(1, everything),
    evaluation: await s.evaluationWindows(),
    windows: (await s.summary()).windows,
  };
}

/** The README beside the archive is the one file the index skips. */
const onlyReadmeSkipped: OnSkippedFile = (event, { path }) =>
  assert.deepEqual([event, path], ['archive_file_skipped', join(dir, 'README.txt')]);

const positives = (set: WindowSet) => set.labels.filter((l) => l === 1).length;

test('the index finds one 3-component trace in nine day files, spanning the three days', async () => {
  const [group, ...others] = await indexArchive(dir, () => true, onlyReadmeSkipped);
  assert.deepEqual(others, []);
  assert.equal(group!.key, 'XX.ARC.00.HH');
  assert.equal(group!.files.length, DAYS * 3);
  assert.ok(group!.end - group!.start > 2 * DAY_MS);
  assert.equal(group!.spans.length, DAYS, 'one span of data a day');
});

test('summary hours are the hours of data, not the day-long gaps between them', async () => {
  const { hours } = await source({}).summary();
  // Three days of 20 minutes: one hour, where first to last sample spans over two days.
  assert.ok(Math.abs(hours - (DAYS * MINUTES_A_DAY) / 60) < 1e-6, `${hours} hours`);
});

test('each chunk holds one chunk of samples, and the days without data are skipped', async () => {
  const [group] = await indexArchive(dir, () => true, onlyReadmeSkipped);
  const chunkMs = 5 * 60_000;
  const windowMs = 10_000;
  const most = ((chunkMs + windowMs + 2 * READ_MARGIN_MS) * MODEL_SAMPLE_RATE_HZ) / 1000;
  let chunks = 0;
  let ownedUpTo = -Infinity;
  for await (const chunk of archiveChunks(group!, { chunkMs, windowMs, sampleRate: MODEL_SAMPLE_RATE_HZ })) {
    chunks++;
    assert.deepEqual(chunk.trace.channels, ['HHZ', 'HHN', 'HHE']);
    assert.ok(chunk.trace.data[0]!.length <= most, `${chunk.trace.data[0]!.length} samples`);
    assert.ok(chunk.from >= ownedUpTo, 'chunks own disjoint spans in time order');
    ownedUpTo = chunk.to;
  }
  // 20 minutes a day are 4 chunks; at most a chunk at each end of a day's data only reaches into it.
  assert.ok(chunks >= DAYS * 4 && chunks <= DAYS * 6, `${chunks} chunks`);
});

test('each set holds every positive and maxNegatives negatives, though the archive has many more', async () => {
  const maxNegatives = 40;
  const { training, evaluation, windows } = await scan({ maxNegatives });
  assert.ok(windows > 10 * maxNegatives, `precondition: only ${windows} labelled training windows`);
  assert.ok(positives(training) > 0 && positives(evaluation) > 0, 'precondition: positives in both sets');
  assert.equal(training.count, positives(training) + maxNegatives);
  assert.equal(evaluation.count, positives(evaluation) + maxNegatives);
  // The kept negatives come from every day of the archive, not only from its start.
  const days = new Set(
    training.meta!.filter((m) => m.label === 0).map((m) => Math.floor((m.startTime - Date.UTC(2024, 2, 1)) / DAY_MS)),
  );
  assert.deepEqual([...days].sort(), [0, 1, 2]);
});

test('windows, labels and samples do not depend on the chunk length', async () => {
  const whole = await scan({ maxNegatives: 100_000, scanChunkMinutes: 24 * 60 });
  const short = await scan({ maxNegatives: 100_000, scanChunkMinutes: 3 });
  assert.ok(whole.training.count > 0 && whole.evaluation.count > 0);
  for (const set of ['training', 'evaluation'] as const) {
    assert.deepEqual(short[set].meta, whole[set].meta, set);
    assert.deepEqual(short[set].x, whole[set].x, set);
  }
});
