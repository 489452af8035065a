/**
 * Structured logging: one JSON object per line (`{"time","level","event",...fields}`), so logs can be
 * grepped by humans and parsed by machines (tests wait on `event` names instead of sleeping).
 */

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
 * A JSON-lines logger writing records at or above `level` to `sink` (default: stderr, keeping stdout for
 * command output). `onRecord`, if given, also receives every emitted record (in-process observers).
 */
export function createLogger(
  level: LogLevel = 'info',
  sink: (line: string) => void = (line) => process.stderr.write(line),
  onRecord?: (record: LogRecord) => void,
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const emit = (lvl: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}): void => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    const record: LogRecord = { time: new Date().toISOString(), level: lvl, event, ...fields };
    sink(`${JSON.stringify(record, jsonReplacer)}\n`);
    onRecord?.(record);
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}

/** Errors log as `{name, code, message}`; non-finite numbers as strings (JSON has no NaN). */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, code: (value as { code?: unknown }).code, message: value.message };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
