/**
 * A real coordinator and a real gateway client write nothing but log lines of one shape: JSON objects
 * that start with `time`, `level`, `msg` (the tfjs backend line included), and the `jq` recipe of
 * docs/deployment.md reads them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { QUAKEFED_BIN, RUN_TIMEOUT_MS } from './support/quakefed-bin.js';

/** Starts `quakefed ...args` and collects its stderr lines; `onLine` sees each as it arrives. */
function start(
  args: string[],
  onLine: (line: string) => void = () => {},
): { child: ChildProcess; lines: string[]; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [QUAKEFED_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (line: string): void => {
    lines.push(line);
    onLine(line);
  };
  createInterface({ input: child.stderr! }).on('line', collect);
  createInterface({ input: child.stdout! }).on('line', collect);
  const exited = once(child, 'exit');
  return { child, lines, exited };
}

/** The `jq '…'` filter docs/deployment.md gives for what needs attention. */
function docsJqFilter(): string {
  const docs = readFileSync(new URL('../docs/deployment.md', import.meta.url), 'utf8');
  const match = /`jq '([^']+)'`/.exec(docs);
  assert.ok(match, 'docs/deployment.md gives a jq recipe');
  return match[1]!;
}

// The timeout only turns a hang (a client that never connects) into a failure, as runQuakefed's does.
test('coordinator and client logs are JSON lines with time, level and msg first, and the docs’ jq recipe reads them', {
  timeout: RUN_TIMEOUT_MS,
}, async (t) => {
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const coordinator = start(
    [
      'coordinator',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--rounds',
      '1',
      '--min-available',
      '1',
      '--min-fit',
      '1',
      '--min-fit-results',
      '1',
      '--evaluate-every',
      '0',
      '--exit-when-done',
    ],
    (line) => {
      const record = JSON.parse(line) as { msg?: string; port?: number };
      if (record.msg === 'listening') listening(record.port!);
    },
  );
  t.after(() => coordinator.child.kill('SIGKILL'));
  await Promise.race([
    port,
    coordinator.exited.then(() => assert.fail(`coordinator exited: ${coordinator.lines.join('\n')}`)),
  ]);
  const client = start([
    'client',
    '--server',
    `ws://127.0.0.1:${await port}`,
    '--station',
    'SY.LOG.00.HHZ',
    '--synthetic-seed',
    '4',
    '--synthetic-windows',
    '8',
  ]);
  t.after(() => client.child.kill('SIGKILL'));
  await coordinator.exited;
  client.child.kill('SIGTERM');
  await client.exited;

  for (const [who, lines] of [
    ['coordinator', coordinator.lines],
    ['client', client.lines],
  ] as const) {
    assert.ok(lines.length > 3, who);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(record).slice(0, 3), ['time', 'level', 'msg'], `${who}: ${line}`);
    }
    assert.ok(
      lines.some((l) => (JSON.parse(l) as { msg: string }).msg === 'backend'),
      `${who} logs its tfjs backend as a record`,
    );
  }

  const jq = spawnSync('jq', ['-c', docsJqFilter()], {
    input: [...coordinator.lines, ...client.lines].join('\n'),
    encoding: 'utf8',
  });
  if (jq.error) {
    t.skip('jq is not installed');
    return;
  }
  assert.equal(jq.status, 0, jq.stderr);
  const expected = [...coordinator.lines, ...client.lines].filter(
    (l) => (JSON.parse(l) as { level: string }).level !== 'info',
  );
  assert.deepEqual(
    jq.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
    expected.map((l) => JSON.parse(l)),
  );
});
