/**
 * Structured logging: one line per record in the format every quakefed process writes (`formatLogLine`:
 * JSON `{"time","level","msg",...fields}`, or text at a terminal), so logs can be grepped by humans and
 * parsed by machines. In process, records carry their name as `event` (tests wait on it, never sleep).
 */
import { formatLogLine, type LogFormat } from '@quakefed/errors';

/** Log levels in increasing severity; `silent` disables output. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields attached to a log line. Values must be JSON-serialisable. */
export type LogFields = Record<string, unknown>;

/** One parsed log line. */
export interface LogRecord extends LogFields {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  event: string;
}

/** The logger interface the coordinator writes to. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * A logger writing records at or above `level` to `sink` (default: stderr, keeping stdout for command
 * output) in `format` (JSON lines unless told otherwise). `onRecord`, if given, also
 * receives every emitted record (in-process observers).
 */
export function createLogger(
  level: LogLevel = 'info',
  sink: (line: string) => void = (line) => process.stderr.write(line),
  onRecord?: (record: LogRecord) => void,
  format: LogFormat = 'json',
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const emit = (lvl: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}): void => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    const time = new Date();
    sink(formatLogLine(format, time, lvl, event, fields));
    onRecord?.({ ...fields, time: time.toISOString(), level: lvl, event });
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}
