import { QuakefedError } from '@quakefed/core';

/** Stable error codes of the model package. Callers and tests branch on `code`, never on messages. */
export const MODEL_ERROR_CODES = {
  /** A feature this build or backend does not offer. */
  unsupported: 'QF_ERR_UNSUPPORTED',
  /** Model config or training options out of range. */
  badOptions: 'QF_ERR_BAD_OPTIONS',
  /** Parameters whose names, shapes or lengths are not the model's. */
  badParameters: 'QF_ERR_BAD_PARAMETERS',
  /** Training or evaluation windows that do not fit the model. */
  badData: 'QF_ERR_BAD_DATA',
  /** The asked tfjs backend cannot be initialised here. */
  backendUnavailable: 'QF_ERR_BACKEND_UNAVAILABLE',
  /** Saved-model files (layers format) missing, unreadable or inconsistent. */
  badArtifacts: 'QF_ERR_BAD_ARTIFACTS',
  /** A helper thread of multi-threaded training failed or stopped answering. */
  threadFailed: 'QF_ERR_THREAD_FAILED',
  /** An operating-points file that is not valid. */
  badOperatingPoints: 'QF_ERR_BAD_OPERATING_POINTS',
} as const;

/** One of {@link MODEL_ERROR_CODES}. */
export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[keyof typeof MODEL_ERROR_CODES];

/** An error raised by @quakefed/model; `code` is stable and safe to branch on. */
export class ModelError extends QuakefedError {
  declare readonly code: ModelErrorCode;
  constructor(code: ModelErrorCode, message: string) {
    super(code, message);
  }
}
