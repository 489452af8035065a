import { QuakefedError } from '@quakefed/core';
import { TASK_STATUS_CODES } from '@quakefed/proto';

/** Error codes raised by the client package. Tests and callers branch on `code`, never on messages. */
export const CLIENT_ERROR_CODES = {
  /** Options that contradict each other or are out of range. */
  badOptions: 'QF_ERR_CLIENT_OPTIONS',
  /** A catalogue file (CSV or QuakeML) that cannot be read. */
  badCatalogue: 'QF_ERR_CATALOGUE',
  /** A data directory with nothing usable in it (no miniSEED for the station). */
  noData: 'QF_ERR_NO_DATA',
  /** An archive file changed under the source while it was being read (truncated or rewritten). */
  archiveChanged: 'QF_ERR_ARCHIVE_CHANGED',
  /** Input files of `detect` that cannot be read (each is skipped and named; the run then fails). */
  unreadableInput: 'QF_ERR_INPUT_UNREADABLE',
  /** A detection model that cannot be read or fetched (missing directory, coordinator unreachable). */
  modelUnavailable: 'QF_ERR_MODEL_UNAVAILABLE',
  /** A config file that is not valid JSON or has unknown keys. */
  badConfig: 'QF_ERR_CLIENT_CONFIG',
  /** The server asked for something this client cannot do (e.g. parameters of another shape). */
  badTask: TASK_STATUS_CODES.badTask,
  /** The client was stopped while a task was running. */
  stopped: TASK_STATUS_CODES.stopped,
  /** A task arrived while another one was running (reported in the task's reply status). */
  busy: TASK_STATUS_CODES.busy,
  /** Too few labelled windows to train or evaluate on (reported in the task's reply status). */
  insufficientData: TASK_STATUS_CODES.insufficientData,
  /** Local training produced NaN or infinite weights (reported in the fit reply's status). */
  trainingDiverged: 'QF_ERR_TRAINING_DIVERGED',
  /** A task's result could not be encoded for the wire (the task is answered with this status instead). */
  unencodableResult: 'QF_ERR_RESULT_UNENCODABLE',
  /** No threshold in [0, 1] reaches the asked false-alarm rate on the calibration data. */
  calibrationFailed: 'QF_ERR_CALIBRATION',
} as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];

/** The one error type of the client package; `code` is stable. */
export class ClientError extends QuakefedError {
  declare readonly code: ClientErrorCode;
  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
