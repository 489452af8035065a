/** Errors of @quakefed/seismic carry a stable `code` string that callers and tests match on. */
export type SeismicErrorCode =
  | 'QF_ERR_BAD_HISTOGRAM'
  | 'QF_ERR_BAD_SCORE'
  | 'QF_ERR_BAD_OPTIONS'
  | 'QF_ERR_BAD_TRACE'
  | 'QF_ERR_BAD_MSEED';

export class SeismicError extends Error {
  readonly code: SeismicErrorCode;
  constructor(code: SeismicErrorCode, message: string) {
    super(message);
    this.name = 'SeismicError';
    this.code = code;
  }
}
