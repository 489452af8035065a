import { QuakefedError } from '@quakefed/errors';

/** Errors of @quakefed/seismic carry a stable `code` string that callers and tests match on. */
export type SeismicErrorCode =
  | 'QF_ERR_BAD_HISTOGRAM'
  | 'QF_ERR_BAD_SCORE'
  | 'QF_ERR_BAD_OPTIONS'
  | 'QF_ERR_BAD_TRACE'
  | 'QF_ERR_BAD_MSEED';

/** The one error type of the seismic package; `code` is stable. */
export class SeismicError extends QuakefedError {
  declare readonly code: SeismicErrorCode;
  constructor(code: SeismicErrorCode, message: string) {
    super(code, message);
  }
}
