/**
 * `detect --calibrate`: a site's threshold from its own noise. On two hours of synthetic noise (no
 * quakes; the usual transients), the calibrated model directory gives at most the target number of
 * detections on that noise when `detect` runs on it without `--threshold`, and says where its threshold
 * came from; the command line prints the calibration and refuses contradictory flags.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, initBackend, readOperatingPoints, saveModel } from '@quakefed/model';
import { makeStationProfile, synthesizeStream, writeMiniSeedFile } from '@quakefed/seismic';
import { runCalibrate, runDetect, type CalibrateReport } from '@quakefed/client';
import { runQuakefed } from './support/quakefed-bin.js';

const HOURS = 2;
/** False alarms per station-day to calibrate to: 4 in the two hours of noise. */
const TARGET = 48;

let dir: string;
let noise: string;
let report: CalibrateReport;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qf-calibrate-'));
  await initBackend('auto');
  const model = buildModel({ seed: 7 });
  await saveModel(model, join(dir, 'model'));
  model.dispose();
  const profile = makeStationProfile({
    network: 'XX',
    station: 'NOIS',
    location: '00',
    quakeRatePerDay: 0,
    hardNegativeRatePerHour: 6,
  });
  const stream = synthesizeStream(profile, {
    startTime: Date.UTC(2024, 2, 1),
    durationSeconds: HOURS * 3600,
    seed: 31,
  });
  noise = join(dir, 'noise.mseed');
  await writeMiniSeedFile(stream.trace, noise);
  report = await runCalibrate({
    model: join(dir, 'model'),
    inputs: [noise],
    falseAlarmsPerStationDay: TARGET,
    outDir: join(dir, 'site'),
    date: Date.UTC(2024, 2, 2),
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the calibration measures the noise it was given and stays within the target', () => {
  const s = report.summary;
  assert.equal(s.stations, 1);
  assert.ok(Math.abs(s.stationDays - HOURS / 24) < 0.01, `${s.stationDays} station-days`);
  assert.ok(s.falseAlarms <= TARGET * s.stationDays, `${s.falseAlarms} false alarms`);
  assert.equal(s.note, null);
});

test('the calibrated directory carries the site operating point for its own weights', async () => {
  const points = await readOperatingPoints(join(dir, 'site'));
  assert.deepEqual(points, report.operatingPoints);
  assert.equal(points!.measurement.data, 'site-noise');
  assert.equal(points!.measurement.date, '2024-03-02T00:00:00.000Z');
});

test('detect with the calibrated directory uses its threshold and stays within the target on the same noise', async () => {
  const detected = await runDetect({ model: join(dir, 'site'), inputs: [noise] });
  assert.equal(detected.summary.threshold, report.summary.threshold);
  assert.equal(detected.summary.thresholdSource, `model's ${TARGET} FA/station-day on site noise`);
  // detect reads the file in time chunks, calibrate whole: their scores agree within float rounding
  // (~1e-8), and the calibrated threshold is one run's peak score, so that run may fall either side.
  assert.ok(
    Math.abs(detected.summary.detections - report.summary.falseAlarms) <= 1,
    `${detected.summary.detections} detections against ${report.summary.falseAlarms} false alarms in calibration`,
  );
});

test('the original model, which has no operating points, falls back to 0.5 and says so', async () => {
  const detected = await runDetect({ model: join(dir, 'model'), inputs: [noise] });
  assert.equal(detected.summary.threshold, 0.5);
  assert.match(detected.summary.thresholdSource, /^fallback 0\.5: the model has no operating points$/);
});

test('quakefed detect --calibrate prints the threshold and writes the calibrated model', () => {
  const out = join(dir, 'cli-site');
  const r = runQuakefed([
    'detect',
    '--model',
    join(dir, 'model'),
    '--input',
    noise,
    '--calibrate',
    String(TARGET),
    '--calibrate-out',
    out,
  ]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout.trim()) as { threshold: number };
  assert.equal(summary.threshold, report.summary.threshold);
  assert.match(
    r.stderr,
    new RegExp(
      `quakefed detect: threshold ${summary.threshold} gives \\d+ false alarms in 0\\.083 station-days of site noise`,
    ),
  );
  assert.match(r.stderr, /detect with --model /);
});

test('--calibrate-out without --calibrate, and --threshold with it, are usage errors', () => {
  const noCalibrate = runQuakefed([
    'detect',
    '--model',
    join(dir, 'model'),
    '--input',
    noise,
    '--calibrate-out',
    join(dir, 'x'),
  ]);
  assert.equal(noCalibrate.status, 1);
  assert.equal(
    noCalibrate.stderr,
    'quakefed: --calibrate-out needs --calibrate <false alarms per station-day> (QF_ERR_CLI_USAGE)\n',
  );
  const both = runQuakefed([
    'detect',
    '--model',
    join(dir, 'model'),
    '--input',
    noise,
    '--calibrate',
    '1',
    '--threshold',
    '0.3',
  ]);
  assert.equal(both.status, 1);
  assert.equal(
    both.stderr,
    'quakefed: --threshold with --calibrate: calibration finds the threshold (QF_ERR_CLI_USAGE)\n',
  );
});
