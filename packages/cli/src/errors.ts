/**
 * Errors of the command line itself: flag combinations no package owns. Flag values that feed a
 * package's options raise that package's error instead (a coordinator option: `OptionsError`, a
 * scenario field: `SimulationError`), so one mistake has one code wherever it is made.
 */
import { QuakefedError } from '@quakefed/core';

/** Stable error codes of the command line. */
export const CLI_ERROR_CODES = {
  /** Flags that cannot be used together. */
  usage: 'QF_ERR_CLI_USAGE',
} as const;

/** Flags that cannot be used together; `quakefed` prints it as one line with its code and exits 1. */
export class CliUsageError extends QuakefedError {
  declare readonly code: typeof CLI_ERROR_CODES.usage;
  constructor(message: string) {
    super(CLI_ERROR_CODES.usage, message);
  }
}
