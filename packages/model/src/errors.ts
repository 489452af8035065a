import { QuakefedError } from '@quakefed/errors';

/** Errors of the model package, each with a stable `code`. */
export type ModelErrorCode =
  | 'QF_ERR_UNSUPPORTED'
  | 'QF_ERR_BAD_OPTIONS'
  | 'QF_ERR_BAD_PARAMETERS'
  | 'QF_ERR_BAD_DATA'
  | 'QF_ERR_BACKEND_UNAVAILABLE'
  | 'QF_ERR_BAD_ARTIFACTS'
  | 'QF_ERR_BAD_OPERATING_POINTS';

/** An error raised by @quakefed/model; `code` is stable and safe to branch on. */
export class ModelError extends QuakefedError {
  declare readonly code: ModelErrorCode;
  constructor(code: ModelErrorCode, message: string) {
    super(code, message);
  }
}
