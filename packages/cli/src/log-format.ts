/**
 * The log format of the long-running commands (`coordinator`, `client`): every line they write is one
 * JSON object (`time`, `level`, `msg`, …) under `--log-format json`, the default off a terminal, or
 * readable text under `--log-format text`, the default on one — the final error line included (and the
 * tfjs backend line, which the commands route into their log with the model package's `onBackendChosen`).
 */
import { Option, type Command } from 'commander';
import { defaultLogFormat, LOG_FORMATS, type LogFormat } from '@quakefed/core';

/** The commands whose output is a log. */
const LOGGING_COMMANDS = new Set(['coordinator', 'client']);

/** Adds `--log-format` to a long-running command. */
export function addLogFormatOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--log-format <format>', 'log line format (default: text on a terminal, json otherwise)').choices(
      LOG_FORMATS,
    ),
  );
}

/** The format `--log-format` asks for, else the default for stderr (text on a terminal, else JSON). */
export function logFormatOf(asked: LogFormat | undefined): LogFormat {
  return asked ?? defaultLogFormat();
}

/**
 * The log format a failure of the command line `argv` is reported in: that of its long-running
 * command (read from argv, since the failure may come before the flags are parsed), else null (a plain
 * `quakefed: …` line).
 */
export function failureLogFormat(argv: readonly string[]): LogFormat | null {
  const command = argv.slice(2).find((a) => !a.startsWith('-'));
  if (!command || !LOGGING_COMMANDS.has(command)) return null;
  const at = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  const asked = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  return (LOG_FORMATS as readonly string[]).includes(asked ?? '') ? (asked as LogFormat) : defaultLogFormat();
}
