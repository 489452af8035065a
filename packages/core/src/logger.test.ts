import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type LogRecord } from './logger.js';

test('records below the level are dropped; the rest are written as JSON lines', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
  logger.debug('noise');
  logger.info('progress');
  logger.warn('round_retry', { round: 3 });
  logger.error('engine_failed');
  const parsed = lines.map((line) => JSON.parse(line) as LogRecord);
  assert.deepEqual(
    parsed.map((r) => [r.level, r.msg, r.round]),
    [
      ['warn', 'round_retry', 3],
      ['error', 'engine_failed', undefined],
    ],
  );
});

test('an observer receives each record with the keys of its JSON line', () => {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line), onRecord: (r) => records.push(r) });
  logger.info('listening', { port: 8080, msg: 'not the event' });
  assert.deepEqual(records, [JSON.parse(lines[0]!)]);
  assert.equal(records[0]!.msg, 'listening');
});

test('silent writes nothing and observes nothing', () => {
  const seen: unknown[] = [];
  const logger = createLogger({ level: 'silent', write: (line) => seen.push(line), onRecord: (r) => seen.push(r) });
  logger.error('engine_failed');
  assert.deepEqual(seen, []);
});

test('text format writes one readable line per record', () => {
  const lines: string[] = [];
  createLogger({ format: 'text', write: (line) => lines.push(line) }).info('welcome', { sessionId: 's1' });
  assert.match(lines[0]!, /^\S+Z INFO  welcome sessionId=s1\n$/);
});
