/**
 * The model shipped in `models/default/` is what its manifest says it is — the weights whose sha256 it
 * records, a model of its config with its parameter count, operating points measured with those very
 * weights on the validation stations of its seed — and `quakefed detect` uses it, at its default
 * operating point, when no `--model` is given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countParameters,
  modelArtifactsFromParameters,
  parametersFromModelArtifacts,
  readModelArtifacts,
  readOperatingPoints,
  weightsSha256,
} from '@quakefed/model';
import { PRETRAIN_MANIFEST_FILE, type PretrainManifest } from '@quakefed/simulations';
import { runQuakefed } from './support/quakefed-bin.js';

const MODEL_DIR = fileURLToPath(new URL('../models/default', import.meta.url));
const manifest = JSON.parse(readFileSync(join(MODEL_DIR, PRETRAIN_MANIFEST_FILE), 'utf8')) as PretrainManifest;

test('weights.bin is the file the manifest records (sha256)', () => {
  const sha = createHash('sha256')
    .update(readFileSync(join(MODEL_DIR, 'weights.bin')))
    .digest('hex');
  assert.equal(sha, manifest.weightsSha256);
});

test("model.json describes the manifest's model config, and the weights hold its parameter count", async () => {
  const { config, parameters } = parametersFromModelArtifacts(await readModelArtifacts(MODEL_DIR));
  assert.deepEqual(config, manifest.modelConfig);
  assert.equal(countParameters(config), manifest.parameters);
  assert.equal(
    parameters.reduce((n, p) => n + p.data.length, 0),
    manifest.parameters,
  );
  assert.equal(weightsSha256(parameters), manifest.weightsSha256);
});

test('writing the shipped parameters again gives model.json and weights.bin byte for byte', async () => {
  const { config, parameters } = parametersFromModelArtifacts(await readModelArtifacts(MODEL_DIR));
  const again = modelArtifactsFromParameters(config, parameters);
  assert.equal(JSON.stringify(again.modelJson), readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'));
  assert.deepEqual(Buffer.from(again.weights), readFileSync(join(MODEL_DIR, 'weights.bin')));
});

test('the operating points were measured with these weights on the validation stations of its seed', async () => {
  const points = await readOperatingPoints(MODEL_DIR);
  assert.ok(points, 'operating-points.json is there');
  assert.equal(points.weightsSha256, manifest.weightsSha256);
  assert.equal(points.defaultFalseAlarmsPerStationDay, 1);
  assert.deepEqual(
    points.points.map((p) => p.falseAlarmsPerStationDay),
    [1, 10],
  );
  assert.equal(points.measurement.data, 'validation');
  assert.equal(points.measurement.seed, manifest.scenario.validation.seed);
});

test('the manifest names the command and seed that reproduce the model', () => {
  assert.match(manifest.command, /^quakefed pretrain /);
  assert.ok(manifest.command.includes(`--seed ${manifest.seed}`), manifest.command);
  assert.equal(manifest.scenario.seed, manifest.seed);
});

test('quakefed detect without --model uses the shipped model at its default operating point', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'qf-default-model-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const input = fileURLToPath(new URL('../data/real/bird_jsc.ms3', import.meta.url));
  const r = runQuakefed(['detect', '--input', input, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes(`quakefed detect: no --model given: using the default model ${MODEL_DIR}\n`), r.stderr);
  assert.match(r.stderr, /quakefed detect: threshold [\d.]+ \(model's 1 FA\/station-day on validation\)\n/);
  const summary = JSON.parse(r.stdout.trim()) as { model: string; thresholdSource: string };
  assert.equal(summary.thresholdSource, "model's 1 FA/station-day on validation");
});

test('quakefed coordinator --initial-model takes the shipped model, and refuses a directory without one', (t) => {
  const ok = runQuakefed([
    'coordinator',
    '--port',
    '0',
    '--initial-model',
    MODEL_DIR,
    '--rounds',
    '0',
    '--exit-when-done',
    '--log-level',
    'warn',
  ]);
  assert.equal(ok.status, 0, ok.stderr);
  const empty = mkdtempSync(join(tmpdir(), 'qf-no-model-'));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  const bad = runQuakefed([
    'coordinator',
    '--log-format',
    'text',
    '--port',
    '0',
    '--initial-model',
    empty,
    '--exit-when-done',
  ]);
  assert.equal(bad.status, 1);
  assert.equal(
    bad.stderr,
    `quakefed: initial model ${empty}: ${join(empty, 'model.json')}: no such file (QF_ERR_INITIAL_MODEL)\n`,
  );
});
