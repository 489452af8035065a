/**
 * Structured logging for an unattended gateway: one JSON object per line on stderr (journald and
 * `docker logs` keep them; `jq` reads them). Injected everywhere so tests stay quiet.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** The logging surface the client uses. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger writing JSON lines (`{ts, level, event, ...fields}`) at or above `minLevel` to `write`. */
export function jsonLineLogger(
  minLevel: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  return {
    log(level, event, fields = {}) {
      if (RANK[level] < RANK[minLevel]) return;
      write(`${JSON.stringify({ ts: new Date().toISOString(), level, event, ...fields })}\n`);
    },
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { log() {} };
