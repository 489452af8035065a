/**
 * Ordinary mistakes, made as an operator makes them (the real `quakefed` binary): each is one line on
 * stderr, `quakefed: <message> (<code>)`, and exit status 1 — no stack trace, no page of minified
 * source, no hang.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { RUN_TIMEOUT_MS, runQuakefed } from './support/quakefed-bin.js';

const MSEED = fileURLToPath(new URL('../data/real/CO_JSC.mseed', import.meta.url));
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'qf-mistakes-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A TCP port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The run failed with exit status 1 and ended with the one error line `code` names. */
function assertOneLine(r: SpawnSyncReturns<string>, code: string, message: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(r.status, 1, r.stderr);
  assert.match(lines.at(-1)!, new RegExp(`^quakefed: .+ \\(${code}\\)$`));
  assert.match(lines.at(-1)!, message);
  assert.ok(
    lines.every((l) => l.length < 600 && !/^\s+at /.test(l)),
    r.stderr.slice(0, 2000),
  );
}

test('detect with a model directory that does not exist', () => {
  assertOneLine(
    runQuakefed(['detect', '--model', join(dir, 'nope'), '--input', MSEED]),
    'QF_ERR_BAD_ARTIFACTS',
    /nope/,
  );
});

test('detect with a coordinator URL where nothing listens', async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  assertOneLine(
    runQuakefed(['detect', '--model', url, '--input', MSEED]),
    'QF_ERR_MODEL_UNAVAILABLE',
    /cannot load the model from http.*ECONNREFUSED/,
  );
});

test('detect writing under a file, or where the kernel refuses a directory', () => {
  writeFileSync(join(dir, 'a-file'), '');
  assertOneLine(
    runQuakefed(['detect', '--input', MSEED, '--out', join(dir, 'a-file', 'x')]),
    'QF_ERR_CLIENT_OPTIONS',
    /cannot create the output directory/,
  );
  if (process.platform === 'linux') {
    assertOneLine(
      runQuakefed(['detect', '--input', MSEED, '--out', '/proc/qf-nope']),
      'QF_ERR_CLIENT_OPTIONS',
      /\/proc\/qf-nope/,
    );
  }
});

test('detect skips an unreadable input by name, scans the others, and exits 1 at the end', () => {
  const r = runQuakefed(['detect', '--input', join(dir, 'missing.mseed'), MSEED, '--out', join(dir, 'det')]);
  assertOneLine(r, 'QF_ERR_INPUT_UNREADABLE', /1 of 2 input files could not be read \(.*missing\.mseed\)/);
  assert.match(r.stderr, /skipped .*missing\.mseed: /);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    stations: number;
    failedInputs: { path: string }[];
  };
  assert.equal(summary.stations, 1);
  assert.deepEqual(
    summary.failedInputs.map((f) => f.path),
    [join(dir, 'missing.mseed')],
  );
});

test('a flag value that is not a number', () => {
  assertOneLine(
    runQuakefed(['coordinator', '--log-format', 'text', '--port', 'abc']),
    'QF_ERR_INVALID_OPTIONS',
    /--port must be an integer, got "abc"/,
  );
});

test('in JSON log format (the default off a terminal) the one line is a command_failed log record', () => {
  const r = runQuakefed(['coordinator', '--port', 'abc']);
  assert.equal(r.status, 1);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  const record = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(record), ['time', 'level', 'msg', 'code', 'error']);
  assert.deepEqual(
    [record.level, record.msg, record.code, record.error],
    ['error', 'command_failed', 'QF_ERR_INVALID_OPTIONS', '--port must be an integer, got "abc"'],
  );
});

test('a fit config every client would refuse stops the coordinator before it starts', () => {
  const coordinator = (...args: string[]) =>
    runQuakefed(['coordinator', '--log-format', 'text', '--port', '0', ...args]);
  assertOneLine(coordinator('--epochs', '2.5'), 'QF_ERR_INVALID_OPTIONS', /fit config: epochs/);
  assertOneLine(coordinator('--fit-config', '{"epocs":2}'), 'QF_ERR_INVALID_OPTIONS', /unknown key "epocs"/);
});

test('a coordinator on a port another process holds', async (t) => {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  const r = runQuakefed(['coordinator', '--log-format', 'text', '--host', '127.0.0.1', '--port', String(port)]);
  assertOneLine(r, 'QF_ERR_INVALID_OPTIONS', new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
});

test('a station latitude off the globe', () => {
  const args = [
    'client',
    '--log-format',
    'text',
    '--server',
    'ws://127.0.0.1:1',
    '--station',
    'XX.STA..HHZ',
    '--data-dir',
    dir,
    '--station-lat',
    '340',
    '--station-lon',
    '2',
  ];
  assertOneLine(runQuakefed(args), 'QF_ERR_CLIENT_CONFIG', /latitude must be in \[-90, 90\]/);
});

test('a benchmark name with a typo is one usage line naming the known ones, exit 2', () => {
  const runner = fileURLToPath(new URL('../bench/src/run.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, 'detcet'], {
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr.trim(), /^unknown benchmark "detcet"; usage: npm run bench -- <name> .*detect/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('an error thrown outside any awaited call, after tfjs-wasm has loaded, is still one line and exit 2', () => {
  const main = new URL('../packages/cli/src/main.ts', import.meta.url).href;
  const script = `
    const { reportUncaught } = await import(${JSON.stringify(main)});
    process.on('uncaughtException', reportUncaught);
    const { initBackend } = await import('@quakefed/model');
    await initBackend('wasm-qf');
    setTimeout(() => { throw new TypeError('thrown from a timer'); }, 0);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  assert.equal(r.status, 2, r.stderr.slice(-2000));
  assert.equal(r.stderr.trimEnd().split('\n').at(-1), 'quakefed: thrown from a timer (run with --debug for the stack)');
  assert.ok(r.stderr.length < 1000, `${r.stderr.length} bytes of stderr`);
});
