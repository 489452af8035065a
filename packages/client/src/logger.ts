/**
 * Structured logging for an unattended gateway: one JSON object per line on stderr (journald and
 * `docker logs` keep them; `jq` reads them), or readable text at a terminal — the line format every
 * quakefed process writes (`formatLogLine`). Injected everywhere so tests stay quiet.
 */
import { formatLogLine, type LogFormat } from '@quakefed/errors';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** The logging surface the client uses. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger writing records at or above `minLevel` to `write` in `format` (JSON lines
 * `{time, level, msg, ...fields}` unless told otherwise).
 */
export function lineLogger(
  minLevel: LogLevel = 'info',
  format: LogFormat = 'json',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  return {
    log(level, event, fields = {}) {
      if (RANK[level] < RANK[minLevel]) return;
      write(formatLogLine(format, new Date(), level, event, fields));
    },
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { log() {} };
