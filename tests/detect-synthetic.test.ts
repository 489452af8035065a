/**
 * `detect` on a synthetic continuous stream with known events: a model trained briefly in the test
 * (seeded: the same weights on every run of the same backend) finds every event in the seismic
 * package's hit window (−5 s … +10 s of its P arrival) and writes valid CSV, JSON and QuakeML; the
 * model loads from a directory and from a coordinator-style URL alike.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { buildModel, initBackend, saveModel, trainLocal, DEFAULT_TRAIN_OPTIONS } from '@quakefed/model';
import {
  makeLabelledWindows,
  makeStationProfile,
  matchEvents,
  synthesizeStream,
  writeMiniSeedFile,
  type SyntheticStream,
} from '@quakefed/seismic';
import { runDetect, type DetectReport } from '@quakefed/client';

/** A station with frequent, clearly recorded local quakes and the usual hard negatives. */
const profile = makeStationProfile({
  network: 'XX',
  station: 'DET',
  location: '00',
  magnitudeRange: [2, 3.5],
  distanceRangeKm: [10, 60],
  quakeRatePerDay: 150,
  hardNegativeRatePerHour: 4,
});

let dir: string;
let stream: SyntheticStream;
let report: DetectReport;
let server: Server;
let modelUrl: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qf-detect-'));
  await initBackend('auto');
  const model = buildModel({ seed: 3 });
  const windows = makeLabelledWindows(profile, { count: 1200, imbalance: 2, minSnr: 5, seed: 11 });
  await trainLocal(model, windows, { ...DEFAULT_TRAIN_OPTIONS, epochs: 4, learningRate: 0.003, loss: 'bce', seed: 5 });
  await saveModel(model, join(dir, 'model'));
  model.dispose();

  stream = synthesizeStream(profile, { startTime: Date.UTC(2024, 0, 2), durationSeconds: 2 * 3600, seed: 21 });
  await writeMiniSeedFile(stream.trace, join(dir, 'XX.DET.mseed'));
  report = await runDetect({
    model: join(dir, 'model'),
    inputs: [join(dir, 'XX.DET.mseed')],
    outDir: join(dir, 'out'),
    creationTime: Date.UTC(2024, 0, 3),
  });

  // A coordinator stand-in serving the saved model at /model/model.json and /model/weights.bin.
  server = createServer((req, res) => {
    const name =
      req.url === '/model/model.json' ? 'model.json' : req.url === '/model/weights.bin' ? 'weights.bin' : null;
    if (!name) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(readFileSync(join(dir, 'model', name)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  modelUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the stream holds several events (precondition)', () => {
  assert.ok(stream.events.length >= 5, `${stream.events.length} events`);
});

test('every event is detected in its hit window, with few false alarms', () => {
  const detections = report.traces[0]!.detections.map((d) => d.time);
  const match = matchEvents(detections, stream.events);
  assert.equal(match.missed, 0, `missed ${match.missed} of ${stream.events.length}`);
  // Two hours at a site with 4 transients per hour: a handful of false alarms at most.
  assert.ok(match.falseAlarms <= 4, `${match.falseAlarms} false alarms`);
});

test('the CSV has one row per detection with the station, an ISO time and a probability', () => {
  const lines = readFileSync(join(dir, 'out', 'detections.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(lines.length, report.summary.detections + 1);
  const [network, station, location, channel, time, probability] = lines[1]!.split(',');
  assert.deepEqual([network, station, location, channel], ['XX', 'DET', '00', 'HHZ']);
  assert.ok(Number.isFinite(Date.parse(time!)));
  assert.ok(Number(probability) >= 0.5 && Number(probability) <= 1);
});

test('the JSON lists the same detections', () => {
  const doc = JSON.parse(readFileSync(join(dir, 'out', 'detections.json'), 'utf8')) as {
    detections: { time: number }[];
  };
  assert.deepEqual(
    doc.detections.map((d) => d.time),
    report.traces[0]!.detections.map((d) => d.time),
  );
});

test('the QuakeML parses back into one P pick per detection', () => {
  const xml = readFileSync(join(dir, 'out', 'detections.quakeml'), 'utf8');
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, isArray: (n) => n === 'pick' }).parse(xml);
  const picks = doc.quakeml.eventParameters.pick as {
    time: { value: string };
    phaseHint: string;
    waveformID: Record<string, string>;
  }[];
  assert.equal(picks.length, report.summary.detections);
  assert.deepEqual(
    picks.map((p) => Date.parse(p.time.value)),
    report.traces[0]!.detections.map((d) => Math.trunc(d.time)),
  );
  assert.ok(picks.every((p) => p.phaseHint === 'P' && p.waveformID['@_stationCode'] === 'DET'));
});

test('the model loads from a coordinator URL and gives the same detections', async () => {
  const viaUrl = await runDetect({ model: modelUrl, inputs: [join(dir, 'XX.DET.mseed')] });
  assert.deepEqual(
    viaUrl.traces[0]!.detections.map((d) => d.time),
    report.traces[0]!.detections.map((d) => d.time),
  );
  assert.deepEqual(viaUrl.files, []);
});
