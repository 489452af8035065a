import { QuakefedError } from '@quakefed/core';

/** Stable error codes of the seismic package. Callers and tests branch on `code`, never on messages. */
export const SEISMIC_ERROR_CODES = {
  /** Score histograms that cannot be built or merged (bins, ranges, counts). */
  badHistogram: 'QF_ERR_BAD_HISTOGRAM',
  /** A score outside [0, 1] or not a number. */
  badScore: 'QF_ERR_BAD_SCORE',
  /** Processing options out of range. */
  badOptions: 'QF_ERR_BAD_OPTIONS',
  /** A trace that cannot be processed (sampling rate, gaps, length). */
  badTrace: 'QF_ERR_BAD_TRACE',
  /** miniSEED bytes that cannot be decoded. */
  badMseed: 'QF_ERR_BAD_MSEED',
} as const;

/** One of {@link SEISMIC_ERROR_CODES}. */
export type SeismicErrorCode = (typeof SEISMIC_ERROR_CODES)[keyof typeof SEISMIC_ERROR_CODES];

/** The one error type of the seismic package; `code` is stable. */
export class SeismicError extends QuakefedError {
  declare readonly code: SeismicErrorCode;
  constructor(code: SeismicErrorCode, message: string) {
    super(code, message);
  }
}
