import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOutputDir } from './output-dir.js';

test('missing parents of the output directory are created', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'qf-out-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  await prepareOutputDir(join(root, 'a', 'b'));
  assert.ok(statSync(join(root, 'a', 'b')).isDirectory());
  await prepareOutputDir(join(root, 'a', 'b')); // existing: fine
});

test('an output path under a file is one QF_ERR_CLIENT_OPTIONS naming it', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'qf-out-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'file'), '');
  await assert.rejects(prepareOutputDir(join(root, 'file', 'x')), {
    code: 'QF_ERR_CLIENT_OPTIONS',
    message: /cannot create the output directory .*file\/x: ENOTDIR/,
  });
});

test('a directory the kernel refuses under an existing parent fails instead of hanging', {
  skip: process.platform !== 'linux',
}, async () => {
  // fs.mkdir's recursive mode never settles for this path on Node 20.
  await assert.rejects(prepareOutputDir('/proc/qf-no-such-dir'), {
    code: 'QF_ERR_CLIENT_OPTIONS',
    message: /\/proc\/qf-no-such-dir/,
  });
});
