/**
 * `quakefed client` as a gateway service: it keeps retrying an unreachable coordinator, and SIGTERM
 * stops it cleanly (exit code 0, a `stopped` log line) — what `systemctl stop` relies on. Flags that
 * contradict each other stop it before it starts, with one readable line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { QUAKEFED_BIN, runQuakefed } from './support/quakefed-bin.js';

/** A port nothing listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

test('the client retries an unreachable coordinator and exits cleanly on SIGTERM', async (t) => {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'qf-client-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The config file sets what flags do not: a short backoff, so the retries come quickly.
  const config = join(dir, 'client.json');
  writeFileSync(config, JSON.stringify({ backoffBaseMs: 20, backoffMaxMs: 100, jitterSeed: 1 }));
  const child = spawn(
    process.execPath,
    [
      QUAKEFED_BIN,
      'client',
      '--config',
      config,
      '--server',
      `ws://127.0.0.1:${port}`,
      '--station',
      'SY.CLI.00.HHZ',
      '--synthetic-seed',
      '4',
      '--synthetic-windows',
      '8',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const events: string[] = [];
  let buffered = '';
  let retriedTwice!: () => void;
  const retried = new Promise<void>((resolve) => (retriedTwice = resolve));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      events.push((JSON.parse(line) as { msg: string }).msg);
      if (events.filter((e) => e === 'disconnected').length >= 2) retriedTwice();
    }
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  // A client that dies instead of retrying fails the test rather than leaving it waiting forever.
  await Promise.race([
    retried,
    exited.then(([c]) => assert.fail(`client exited with ${c} before retrying: ${events.join(',')}`)),
  ]);
  child.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 0);
  assert.ok(events.includes('stopped'), events.join(','));
});

test('--data-dir with --synthetic-seed is refused with a one-line message, its code and a non-zero exit', () => {
  const r = runQuakefed([
    'client',
    '--log-format',
    'text',
    '--server',
    'ws://127.0.0.1:1',
    '--station',
    'SY.CLI.00.HHZ',
    '--data-dir',
    tmpdir(),
    '--synthetic-seed',
    '4',
  ]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^quakefed: --data-dir\/--catalogue\/--station-\* and --synthetic-\* are two different data sources: give one \(QF_ERR_CLIENT_OPTIONS\)$/m,
  );
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace for a usage error');
});
