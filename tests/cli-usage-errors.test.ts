/**
 * Bad flag values and flag combinations are the user's mistake, not a crash: `quakefed` prints one line,
 * `quakefed: <message> (<code>)`, no stack trace, and exits 1 before any work starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runQuakefed } from './support/quakefed-bin.js';

/** Asserts a run failed with exactly one stderr line, the given message and code. */
function assertUsageError(args: string[], message: string, code: string): void {
  const r = runQuakefed(args);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, `quakefed: ${message} (${code})\n`);
}

test('coordinator --model that is not a JSON object is QF_ERR_INVALID_OPTIONS', () => {
  assertUsageError(['coordinator', '--port', '0', '--model', '[1]'], '--model must be a JSON object, got [1]', 'QF_ERR_INVALID_OPTIONS');
});

test('coordinator --fit-config that is not JSON is QF_ERR_INVALID_OPTIONS', () => {
  assertUsageError(['coordinator', '--port', '0', '--fit-config', '{epochs:2}'], '--fit-config must be a JSON object, got {epochs:2}', 'QF_ERR_INVALID_OPTIONS');
});

test('simulate with a non-integer count flag is QF_ERR_SCENARIO_INVALID', () => {
  assertUsageError(['simulate', '--rounds', '2.5'], '--rounds must be an integer, got "2.5"', 'QF_ERR_SCENARIO_INVALID');
});

test('experiment with a non-numeric rate flag is QF_ERR_SCENARIO_INVALID', () => {
  assertUsageError(['experiment', '--lr', 'fast'], '--lr must be a number, got "fast"', 'QF_ERR_SCENARIO_INVALID');
});

test('simulate --quiet --json is QF_ERR_CLI_USAGE', () => {
  assertUsageError(['simulate', '--quiet', '--json'], '--quiet and --json exclude each other', 'QF_ERR_CLI_USAGE');
});
