import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLogFormat, formatLogLine } from './log-line.js';
import { QuakefedError } from './quakefed-error.js';

const at = new Date('2026-01-02T03:04:05.678Z');

test('a JSON line starts with time, level and msg, then the fields', () => {
  const line = formatLogLine('json', at, 'info', 'listening', { port: 8080 });
  assert.equal(line, '{"time":"2026-01-02T03:04:05.678Z","level":"info","msg":"listening","port":8080}\n');
});

test('fields cannot replace time, level or msg', () => {
  const record = JSON.parse(
    formatLogLine('json', at, 'warn', 'retry', { msg: 'other', level: 'debug', time: 1 }),
  ) as Record<string, unknown>;
  assert.deepEqual([record.time, record.level, record.msg], ['2026-01-02T03:04:05.678Z', 'warn', 'retry']);
});

test('errors log as name, code and message; non-finite numbers as strings', () => {
  const record = JSON.parse(
    formatLogLine('json', at, 'error', 'failed', { error: new QuakefedError('QF_ERR_X', 'boom'), loss: Number.NaN }),
  ) as Record<string, unknown>;
  assert.deepEqual(record.error, { name: 'QuakefedError', code: 'QF_ERR_X', message: 'boom' });
  assert.equal(record.loss, 'NaN');
});

test('a text line is time, level, msg and key=value pairs, quoting what has spaces', () => {
  assert.equal(
    formatLogLine('text', at, 'info', 'welcome', { sessionId: 's1', reason: 'going away', n: 3 }),
    '2026-01-02T03:04:05.678Z INFO  welcome sessionId=s1 reason="going away" n=3\n',
  );
});

test('text on a terminal, JSON lines anywhere else', () => {
  assert.equal(defaultLogFormat({ isTTY: true }), 'text');
  assert.equal(defaultLogFormat({ isTTY: false }), 'json');
  assert.equal(defaultLogFormat({}), 'json');
});
