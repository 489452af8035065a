/**
 * Errors of the command line itself: flag combinations no package owns. Flag values that feed a
 * package's options raise that package's error instead (a coordinator option: `OptionsError`, a
 * scenario field: `SimulationError`), so one mistake has one code wherever it is made.
 */
import { QuakefedError } from '@quakefed/errors';

/** Stable code of {@link CliUsageError}. */
export const CLI_USAGE_ERROR_CODE = 'QF_ERR_CLI_USAGE';

/** Flags that cannot be used together; `quakefed` prints it as one line with its code and exits 1. */
export class CliUsageError extends QuakefedError {
  declare readonly code: typeof CLI_USAGE_ERROR_CODE;
  constructor(message: string) {
    super(CLI_USAGE_ERROR_CODE, message);
  }
}
