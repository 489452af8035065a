/**
 * The one way the command line reports a failure: one line on stderr, never a stack trace unless asked
 * for, never a line of source code.
 */
import { formatLogLine, QuakefedError } from '@quakefed/core';

/** Where the report goes (stderr in the CLI; a test collects it). */
export type ErrorOutput = (text: string) => void;

/** Exit status of a mistake the user can fix (a `QuakefedError`: bad flag, missing file, refused config). */
export const EXIT_USER_ERROR = 1;
/** Exit status of anything else: a bug, or a failure no package has named yet. */
export const EXIT_UNEXPECTED = 2;

/** Longest message printed; anything longer is cut (a library's message may embed a whole source file). */
const MAX_MESSAGE_CHARS = 500;

function oneLine(message: string): string {
  const first = message.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.length > MAX_MESSAGE_CHARS ? `${first.slice(0, MAX_MESSAGE_CHARS)}…` : first;
}

/** How the report is written: `json` for a command whose every line is a JSON log record. */
export interface ReportOptions {
  debug: boolean;
  out: ErrorOutput;
  /** `json`: one `command_failed` log record (`code`, `error`, `hint`) instead of the plain line. */
  format?: 'json' | 'text' | null;
}

/**
 * Writes the one-line report of `err` and returns the exit status: `quakefed: <message> (<code>)` and 1
 * for a `QuakefedError`; `quakefed: <message>` plus how to see the stack, and 2, for anything else
 * (with `debug`, the stack itself).
 */
export function reportError(err: unknown, options: ReportOptions): number {
  // Commander has already printed its own one-line usage errors (unknown flag, missing value).
  if (isCommanderExit(err)) return err.exitCode;
  const known = err instanceof QuakefedError;
  const message = oneLine(err instanceof Error ? err.message : String(err)) || 'unexpected error';
  const stack = options.debug && err instanceof Error ? err.stack : undefined;
  const hint = known || stack ? undefined : 'run with --debug for the stack';
  if (options.format === 'json') {
    const fields = {
      ...(known ? { code: err.code } : {}),
      error: message,
      ...(hint ? { hint } : {}),
      ...(stack ? { stack } : {}),
    };
    options.out(formatLogLine('json', new Date(), 'error', 'command_failed', fields));
  } else {
    options.out(`quakefed: ${message}${known ? ` (${err.code})` : hint ? ` (${hint})` : ''}\n`);
    if (stack) options.out(`${stack}\n`);
  }
  return known ? EXIT_USER_ERROR : EXIT_UNEXPECTED;
}

function isCommanderExit(err: unknown): err is { exitCode: number } {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    code.startsWith('commander.') &&
    typeof (err as { exitCode?: unknown }).exitCode === 'number'
  );
}
