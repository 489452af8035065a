/** Ctrl-C during `quakefed simulate`: the partial run directory is named and marked incomplete. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { QUAKEFED_BIN, RUN_TIMEOUT_MS } from './support/quakefed-bin.js';

// The timeout only turns a hang into a failure, as runQuakefed's does.
test('SIGINT prints "interrupted; partial run in <dir>", marks the directory INCOMPLETE and exits 130', {
  timeout: RUN_TIMEOUT_MS,
}, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'qf-interrupt-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const child = spawn(process.execPath, [QUAKEFED_BIN, 'simulate', '-n', '4', '-r', '2', '--workers', '1', '-o', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const stderr: string[] = [];
  let runDir = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    const started = /^run directory: (.+)$/.exec(line);
    if (started) {
      runDir = started[1]!;
      child.kill('SIGINT');
    }
  });
  const [code] = await exited;
  assert.ok(runDir.startsWith(out), stderr.join('\n'));
  assert.equal(code, 130, stderr.join('\n'));
  assert.ok(stderr.includes(`interrupted; partial run in ${runDir}`), stderr.join('\n'));
  assert.ok(existsSync(join(runDir, 'INCOMPLETE')));
  assert.match(readFileSync(join(runDir, 'INCOMPLETE'), 'utf8'), /partial run/);
});
