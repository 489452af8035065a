/**
 * The one log-line format of every quakefed process (coordinator, gateway client): JSON lines with the
 * keys `time`, `level`, `msg` first, then the record's fields — what journald, `docker logs` and `jq`
 * read — or, for a person at a terminal, `time LEVEL msg key=value …`. The logger (logger.ts) writes it;
 * the CLI writes its `command_failed` line with it directly. It lives in this dependency-free package so
 * that every package can write the same line.
 */

/** Log formats: `json` (one object per line) or `text` (one readable line per record). */
export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The format when none is asked for: text on a terminal, JSON lines anywhere else (a service, a pipe). */
export function defaultLogFormat(stream: { isTTY?: boolean } = process.stderr): LogFormat {
  return stream.isTTY ? 'text' : 'json';
}

/** Errors as `{name, code, message}`; non-finite numbers as strings (JSON has no NaN). */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, code: (value as { code?: unknown }).code, message: value.message };
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A field value in a text line: bare when it is a simple word, else JSON. */
function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value, replacer) ?? String(value);
}

/**
 * One log line (with its newline) for a record. The record's own fields never replace `time`, `level`
 * or `msg`.
 */
export function formatLogLine(
  format: LogFormat,
  time: Date,
  level: string,
  msg: string,
  fields: Record<string, unknown> = {},
): string {
  if (format === 'json') {
    const record = Object.assign({ time: time.toISOString(), level, msg }, fields, {
      time: time.toISOString(),
      level,
      msg,
    });
    return `${JSON.stringify(record, replacer)}\n`;
  }
  const pairs = Object.entries(fields).map(([k, v]) => `${k}=${textValue(v)}`);
  return `${[time.toISOString(), level.toUpperCase().padEnd(5), msg, ...pairs].join(' ')}\n`;
}
