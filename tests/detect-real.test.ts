/**
 * `quakefed detect` on the real miniSEED fixtures (miniSEED 2: CO.JSC HHZ only; miniSEED 3: CO.BIRD and
 * CO.JSC, 3 components, a small local event recorded at JSC): the command runs, reports every station,
 * writes its outputs, and the STA/LTA baseline triggers on the JSC event (a recursive STA/LTA on JSC
 * HHZ crosses 3.5 near 11:30:13 UTC). The model is the untrained reference model: these files are too
 * short to say anything about detection quality, only that the real-data paths work.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, initBackend, saveModel } from '@quakefed/model';
import { runDetect, type DetectReport } from '@quakefed/client';
import { WINDOW_DEFAULTS } from '@quakefed/seismic';
import { runQuakefed } from './support/quakefed-bin.js';

const real = (name: string): string => fileURLToPath(new URL(`../data/real/${name}`, import.meta.url));
const MSEED2 = real('CO_JSC.mseed');
const MSEED3 = real('bird_jsc.ms3');

let dir: string;
let report: DetectReport;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qf-detect-real-'));
  await initBackend('auto');
  const model = buildModel();
  await saveModel(model, join(dir, 'model'));
  model.dispose();
  report = await runDetect({
    model: join(dir, 'model'),
    inputs: [MSEED2, MSEED3],
    stalta: true,
    outDir: join(dir, 'out'),
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('every station of both files is scored over its whole length', () => {
  const stations = report.traces.map((t) => `${t.stream.network}.${t.stream.station}.${t.stream.channel}`).sort();
  assert.deepEqual(stations, ['CO.BIRD.HHZ', 'CO.JSC.HHZ', 'CO.JSC.HHZ']);
  for (const t of report.traces) {
    assert.ok(t.durationSeconds >= 29 && t.durationSeconds <= 31, `${t.durationSeconds} s`);
    // Full windows, then partial ones down to minPartialSeconds of data, every hop (2 s by default).
    const windows = Math.floor((t.durationSeconds - WINDOW_DEFAULTS.minPartialSeconds) / 2) + 1;
    assert.ok(t.scores.length >= windows - 1, `${t.scores.length} windows`);
    assert.ok(t.scores.every((s) => s >= 0 && s <= 1));
    const lastStart = t.windowStarts[t.windowStarts.length - 1]!;
    assert.ok(lastStart >= t.windowStarts[0]! + (t.durationSeconds - WINDOW_DEFAULTS.minPartialSeconds - 2) * 1000);
  }
});

test('STA/LTA on the same data triggers on the JSC event near 11:30:13 UTC', () => {
  const eventOnset = Date.UTC(2024, 1, 6, 11, 30, 13);
  const jsc = report.stalta.filter(
    (s) => s.stream.station === 'JSC' && s.onsets.some((t) => Math.abs(t - eventOnset) < 60_000),
  );
  assert.equal(jsc.length, 1);
  assert.ok(
    jsc[0]!.onsets.some((t) => Math.abs(t - eventOnset) <= 3000),
    jsc[0]!.onsets.map((t) => new Date(t).toISOString()).join(),
  );
});

test('outputs for detections and STA/LTA triggers are written', () => {
  for (const name of ['detections.csv', 'detections.json', 'detections.quakeml', 'stalta.csv', 'stalta.quakeml']) {
    assert.ok(existsSync(join(dir, 'out', name)), name);
  }
  assert.match(readFileSync(join(dir, 'out', 'stalta.quakeml'), 'utf8'), /stationCode="JSC"/);
});

test('the quakefed detect command runs on the fixtures and prints a JSON summary', () => {
  const out = join(dir, 'cli-out');
  const r = runQuakefed([
    'detect',
    '--model',
    join(dir, 'model'),
    '--input',
    MSEED2,
    MSEED3,
    '--out',
    out,
    '--format',
    'csv,quakeml',
    '--stalta',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { stations: number; staltaTriggers: number };
  assert.equal(summary.stations, 3);
  assert.ok(summary.staltaTriggers >= 1);
  assert.ok(existsSync(join(out, 'detections.csv')) && existsSync(join(out, 'detections.quakeml')));
  assert.ok(!existsSync(join(out, 'detections.json')));
});
