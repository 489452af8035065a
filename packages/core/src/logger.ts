/**
 * The one structured logger of every quakefed process (coordinator, gateway client, simulations, CLI):
 * records written as log lines (`formatLogLine`: JSON `{"time","level","msg",...fields}`, or text at a
 * terminal) on stderr, keeping stdout for command output. In process, observers receive each record in
 * the same shape as its parsed JSON line, so tests wait on records (never sleep) and read the same keys
 * an operator's `jq` does. Injected everywhere so tests stay quiet.
 */
import { formatLogLine, type LogFormat } from './log-line.js';

/** Log levels in increasing severity; `silent` disables output. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields attached to a record. Values should be JSON-serialisable (errors and non-finite numbers are handled). */
export type LogFields = Record<string, unknown>;

/** One record: the keys of its JSON line (`time` as ISO 8601, `level`, the event name in `msg`), then its fields. */
export interface LogRecord extends LogFields {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  msg: string;
}

/** The logging surface every package writes to: one method per level, each taking the event name. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Where and what a logger writes. */
export interface LoggerOptions {
  /** Least severe level written (default `info`; `silent`: nothing). */
  level?: LogLevel;
  /** Line format (default `json`). */
  format?: LogFormat;
  /** Receives each line, newline included (default: stderr). */
  write?: (line: string) => void;
  /** Also receives each written record (in-process observers: tests, harnesses). */
  onRecord?: (record: LogRecord) => void;
}

/** A logger writing records at or above `options.level` as lines to `options.write`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = 'info', format = 'json', write = (line) => process.stderr.write(line), onRecord } = options;
  const min = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogRecord['level'], msg: string, fields: LogFields = {}): void => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    const time = new Date();
    write(formatLogLine(format, time, lvl, msg, fields));
    // The line's own keys win over same-named fields, as in formatLogLine.
    onRecord?.({ ...fields, time: time.toISOString(), level: lvl, msg });
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
