import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelDirectoryOf } from './checkpoint-model.js';

/** A state dir with complete rounds 1 and 2 and an incomplete round 3 (no manifest yet). */
function stateDir(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'qf-state-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [round, complete] of [
    [1, true],
    [2, true],
    [3, false],
  ] as const) {
    const dir = join(root, 'checkpoints', `round-${String(round).padStart(6, '0')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), '{}');
    if (complete) writeFileSync(join(dir, 'manifest.json'), '{}');
  }
  return root;
}

test('a state directory stands for its newest complete checkpoint', async (t) => {
  const root = stateDir(t);
  assert.equal(await modelDirectoryOf(root), join(root, 'checkpoints', 'round-000002'));
  assert.equal(await modelDirectoryOf(join(root, 'checkpoints')), join(root, 'checkpoints', 'round-000002'));
});

test('a model directory (a checkpoint among them) is itself', async (t) => {
  const round = join(stateDir(t), 'checkpoints', 'round-000001');
  assert.equal(await modelDirectoryOf(round), round);
  assert.equal(await modelDirectoryOf('/no/such/dir'), '/no/such/dir');
});
