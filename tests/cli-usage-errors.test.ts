/**
 * Bad flag values, flag combinations and scenario files are the user's mistake, not a crash: `quakefed`
 * prints one line, `quakefed: <message> (<code>)`, no stack trace, and exits 1 before any work starts
 * (coordinator and client in `--log-format text`: in JSON, their default off a terminal, the line is a
 * `command_failed` record, tests/cli-mistakes.test.ts).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQuakefed } from './support/quakefed-bin.js';

/** Asserts a run failed with exactly one stderr line, the given message and code. */
function assertUsageError(args: string[], message: string, code: string): void {
  const r = runQuakefed(args);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, `quakefed: ${message} (${code})\n`);
}

/** A fresh directory, removed when the test ends, for scenario files. */
function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'qf-cli-usage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('coordinator --model that is not a JSON object is QF_ERR_INVALID_OPTIONS', () => {
  assertUsageError(
    ['coordinator', '--log-format', 'text', '--port', '0', '--model', '[1]'],
    '--model must be a JSON object, got [1]',
    'QF_ERR_INVALID_OPTIONS',
  );
});

test('coordinator --fit-config that is not JSON is QF_ERR_INVALID_OPTIONS', () => {
  assertUsageError(
    ['coordinator', '--log-format', 'text', '--port', '0', '--fit-config', '{epochs:2}'],
    '--fit-config must be a JSON object, got {epochs:2}',
    'QF_ERR_INVALID_OPTIONS',
  );
});

test('simulate with a non-integer count flag is QF_ERR_SCENARIO_INVALID', () => {
  assertUsageError(
    ['simulate', '--rounds', '2.5'],
    '--rounds must be an integer, got "2.5"',
    'QF_ERR_SCENARIO_INVALID',
  );
});

test('experiment with a non-numeric rate flag is QF_ERR_SCENARIO_INVALID', () => {
  assertUsageError(['experiment', '--lr', 'fast'], '--lr must be a number, got "fast"', 'QF_ERR_SCENARIO_INVALID');
});

test('simulate --quiet --json is QF_ERR_CLI_USAGE', () => {
  assertUsageError(['simulate', '--quiet', '--json'], '--quiet and --json exclude each other', 'QF_ERR_CLI_USAGE');
});

test('simulate -c with a file that cannot be read is QF_ERR_SCENARIO_FILE', (t) => {
  const missing = join(tempDir(t), 'missing.json');
  const r = runQuakefed(['simulate', '-c', missing]);
  assert.equal(r.status, 1, r.stderr);
  // The tail is the operating system's reason; what matters is one line naming the file, with the code.
  assert.match(
    r.stderr,
    /^quakefed: cannot read scenario file \S+missing\.json: ENOENT[^\n]* \(QF_ERR_SCENARIO_FILE\)\n$/,
  );
});

test('experiment -c with a file that is not JSON is QF_ERR_SCENARIO_FILE', (t) => {
  const file = join(tempDir(t), 'bad.json');
  writeFileSync(file, '[1, 2]');
  assertUsageError(
    ['experiment', '-c', file],
    `scenario file ${file} is not a JSON object: top level is not an object`,
    'QF_ERR_SCENARIO_FILE',
  );
});

test('simulate -c with an invalid scenario is QF_ERR_SCENARIO_INVALID, every problem on one line', (t) => {
  const file = join(tempDir(t), 'invalid.json');
  writeFileSync(file, JSON.stringify({ rounds: 0, stations: -1 }));
  assertUsageError(
    ['simulate', '-c', file],
    'invalid scenario: stations must be an integer in [1, 100000], got -1; rounds must be an integer in [1, 10000], got 0',
    'QF_ERR_SCENARIO_INVALID',
  );
});
