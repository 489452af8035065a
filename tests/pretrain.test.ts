/**
 * `quakefed pretrain` end to end on a tiny population: it writes a model directory that `detect` and
 * the coordinator take (model.json, weights.bin, operating points for those weights, a manifest whose
 * command reproduces it), and it refuses a seed the simulator's scenarios use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOperatingPoints } from '@quakefed/model';
import type { PretrainManifest } from '@quakefed/simulations';
import { runQuakefed } from './support/quakefed-bin.js';

const TINY = [
  '--stations',
  '4',
  '--windows-per-station',
  '40',
  '--epochs',
  '2',
  '--average-from-epoch',
  '2',
  '--validation-stations',
  '2',
  '--validation-hours',
  '1',
  '--workers',
  '1',
];

test('a tiny pretraining writes a model directory whose files agree with each other', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-pretrain-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'model');
  const r = runQuakefed(['pretrain', '--out', out, '--seed', '3000000101', ...TINY]);
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as PretrainManifest;
  const sha = createHash('sha256')
    .update(readFileSync(join(out, 'weights.bin')))
    .digest('hex');
  assert.equal(manifest.weightsSha256, sha);
  assert.equal(
    manifest.command,
    `quakefed pretrain --out ${out} --seed 3000000101 --stations 4 --windows-per-station 40 --epochs 2 --average-from-epoch 2 --validation-stations 2 --validation-hours 1`,
  );
  assert.match(manifest.training, /, 2 epochs of focal loss, weights averaged over epochs 2–2$/);
  const points = await readOperatingPoints(out);
  assert.equal(points?.weightsSha256, sha);
  assert.equal(points?.measurement.stations, 2);
  const printed = JSON.parse(r.stdout.trim()) as { weightsSha256: string };
  assert.equal(printed.weightsSha256, sha);
});

test('a seed the default scenario uses is refused before any training', () => {
  const r = runQuakefed(['pretrain', '--out', join(tmpdir(), 'qf-never-written'), '--seed', '1', ...TINY]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^quakefed: seed 1 cannot be used: pretraining seed \(seed 1\) collides with the default scenario seed \(seed 1\)[^\n]* \(QF_ERR_PRETRAIN_INVALID\)\n$/,
  );
});

test('an option out of range is QF_ERR_PRETRAIN_INVALID naming it', () => {
  const r = runQuakefed(['pretrain', '--out', join(tmpdir(), 'qf-never-written'), '--epochs', '0']);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    'quakefed: invalid pretraining options: epochs must be an integer in [1, 1000], got 0 (QF_ERR_PRETRAIN_INVALID)\n',
  );
});

test('weight averaging from an epoch the run does not have is QF_ERR_PRETRAIN_INVALID', () => {
  const out = join(tmpdir(), 'qf-never-written');
  const r = runQuakefed(['pretrain', '--out', out, '--epochs', '3', '--average-from-epoch', '4']);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    'quakefed: invalid pretraining options: averageFromEpoch must be an integer in [0, epochs = 3], got 4 (QF_ERR_PRETRAIN_INVALID)\n',
  );
});

test('more training windows than a worker can take are refused before any synthesis', () => {
  const r = runQuakefed([
    'pretrain',
    '--out',
    join(tmpdir(), 'qf-never-written'),
    '--stations',
    '1000',
    '--windows-per-station',
    '1000',
  ]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^quakefed: invalid pretraining options: stations × windowsPerStation must be at most \d+ windows \(4 GiB of training windows\), got 1000000 \(QF_ERR_PRETRAIN_INVALID\)\n$/,
  );
});
