/**
 * Typed errors of the coordinator. Every error carries a stable `code` (tests and operators match on it,
 * never on the message). Wire-level decoding errors are the proto package's `ProtocolError`.
 */
import { QuakefedError } from '@quakefed/errors';

/** Stable error codes raised by this package. */
export const COORDINATOR_ERROR_CODES = {
  /** A parameter set's tensor names or order differ from the global model's. */
  NAME_MISMATCH: 'QF_ERR_NAME_MISMATCH',
  /** A tensor's shape or data length differs from the global model's. */
  SHAPE_MISMATCH: 'QF_ERR_SHAPE_MISMATCH',
  /** A tensor holds NaN or ±Infinity. */
  NON_FINITE: 'QF_ERR_NON_FINITE',
  /** An aggregation weight / num_examples is not a positive finite number. */
  BAD_WEIGHT: 'QF_ERR_BAD_WEIGHT',
  /** An aggregate was requested from zero updates. */
  NO_UPDATES: 'QF_ERR_NO_UPDATES',
  /** Options are invalid or contradict each other. */
  INVALID_OPTIONS: 'QF_ERR_INVALID_OPTIONS',
  /** A checkpoint is missing files, unparsable or fails its checksum. */
  CHECKPOINT_CORRUPT: 'QF_ERR_CHECKPOINT_CORRUPT',
  /** A message names a client id that is not connected. */
  UNKNOWN_CLIENT: 'QF_ERR_UNKNOWN_CLIENT',
  /** The client's connection closed before it answered. */
  CLIENT_DISCONNECTED: 'QF_ERR_CLIENT_DISCONNECTED',
  /** The client did not answer before the round deadline. */
  DEADLINE_EXCEEDED: 'QF_ERR_DEADLINE_EXCEEDED',
  /** The client answered with an error message or a result the engine rejected. */
  CLIENT_FAILED: 'QF_ERR_CLIENT_FAILED',
  /** A result belongs to another round or model version. */
  ROUND_MISMATCH: 'QF_ERR_ROUND_MISMATCH',
  /** The coordinator is stopping; pending work was abandoned. */
  STOPPED: 'QF_ERR_STOPPED',
  /** State or results were asked of a coordinator before `start()`. */
  NOT_STARTED: 'QF_ERR_NOT_STARTED',
  /** The initial model directory cannot be read or does not fit the model config. */
  INITIAL_MODEL: 'QF_ERR_INITIAL_MODEL',
  /** A round's aggregate is not a model to commit (non-finite, or far beyond the clients' updates); the round is retried. */
  AGGREGATE_REFUSED: 'QF_ERR_AGGREGATE_REFUSED',
  /** Another live coordinator holds the state dir's lock. */
  STATE_DIR_LOCKED: 'QF_ERR_STATE_DIR_LOCKED',
  /** Every sampled client refused a round's task, `maxRefusedAttempts` times in a row. */
  ROUND_REFUSED: 'QF_ERR_ROUND_REFUSED',
} as const;

/** One of {@link COORDINATOR_ERROR_CODES}. */
export type CoordinatorErrorCode = (typeof COORDINATOR_ERROR_CODES)[keyof typeof COORDINATOR_ERROR_CODES];

/** Base class of every error thrown by the coordinator package. */
export class CoordinatorError extends QuakefedError {
  /** Stable machine-readable code, e.g. `QF_ERR_SHAPE_MISMATCH`. */
  declare readonly code: CoordinatorErrorCode;

  constructor(code: CoordinatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** An update cannot be aggregated (layout mismatch, non-finite values, bad weight). */
export class AggregationError extends CoordinatorError {}

/** Options are invalid or contradictory; raised at construction. */
export class OptionsError extends CoordinatorError {
  constructor(message: string) {
    super(COORDINATOR_ERROR_CODES.INVALID_OPTIONS, message);
  }
}

/** A checkpoint on disk cannot be used. */
export class CheckpointError extends CoordinatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(COORDINATOR_ERROR_CODES.CHECKPOINT_CORRUPT, message, options);
  }
}

/** A client failed to produce a usable answer (disconnect, deadline, error reply, rejected result). */
export class ClientError extends CoordinatorError {}

/** A client answered a task with a failed status (`CLIENT_FAILED`); `statusCode` is the client's code. */
export class TaskRefusedError extends ClientError {
  constructor(
    /** The client's `QF_ERR_*` status code, e.g. `QF_ERR_BAD_TASK`. */
    readonly statusCode: string,
    message: string,
  ) {
    super(COORDINATOR_ERROR_CODES.CLIENT_FAILED, message);
  }
}
