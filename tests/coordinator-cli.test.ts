/** `quakefed coordinator` option handling: help, contradictory flags, config file checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQuakefed } from './support/quakefed-bin.js';

// Text log format: these tests read the one-line messages, not the JSON records of a service.
const run = (...args: string[]) => runQuakefed(['coordinator', '--log-format', 'text', ...args]);

test('coordinator --help documents the round, strategy and state flags', () => {
  const r = run('--help');
  assert.equal(r.status, 0, r.stderr);
  for (const flag of ['--min-fit-results', '--round-deadline', '--strategy', '--state-dir', '--config']) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

test('contradictory flags are rejected before anything starts', () => {
  const r = run('--port', '0', '--min-fit', '2', '--min-fit-results', '3');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /minFitResults \(3\) > minFit \(2\)/);
});

test('a config file with an unknown option is rejected', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qf-cli-'));
  try {
    const file = join(dir, 'coordinator.json');
    await writeFile(file, JSON.stringify({ rounds: 3, minimumClients: 2 }));
    const r = run('--config', file);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown option "minimumClients"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
