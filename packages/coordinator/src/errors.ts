/**
 * Typed errors of the coordinator. Every error carries a stable `code` (tests and operators match on it,
 * never on the message). Wire-level decoding errors are the proto package's `ProtocolError`.
 */
import { QuakefedError } from '@quakefed/core';

/** Stable error codes raised by this package. */
export const COORDINATOR_ERROR_CODES = {
  /** A parameter set's tensor names or order differ from the global model's. */
  nameMismatch: 'QF_ERR_NAME_MISMATCH',
  /** A tensor's shape or data length differs from the global model's. */
  shapeMismatch: 'QF_ERR_SHAPE_MISMATCH',
  /** A tensor holds NaN or ±Infinity. */
  nonFinite: 'QF_ERR_NON_FINITE',
  /** An aggregation weight / num_examples is not a positive finite number. */
  badWeight: 'QF_ERR_BAD_WEIGHT',
  /** An aggregate was requested from zero updates. */
  noUpdates: 'QF_ERR_NO_UPDATES',
  /** Options are invalid or contradict each other. */
  invalidOptions: 'QF_ERR_INVALID_OPTIONS',
  /** A checkpoint is missing files, unparsable or fails its checksum. */
  checkpointCorrupt: 'QF_ERR_CHECKPOINT_CORRUPT',
  /** A message names a client id that is not connected. */
  unknownClient: 'QF_ERR_UNKNOWN_CLIENT',
  /** The client's connection closed before it answered. */
  clientDisconnected: 'QF_ERR_CLIENT_DISCONNECTED',
  /** The client did not answer before the round deadline. */
  deadlineExceeded: 'QF_ERR_DEADLINE_EXCEEDED',
  /** The client answered with an error message or a result the engine rejected. */
  clientFailed: 'QF_ERR_CLIENT_FAILED',
  /** A result belongs to another round or model version. */
  roundMismatch: 'QF_ERR_ROUND_MISMATCH',
  /** The coordinator is stopping; pending work was abandoned. */
  stopped: 'QF_ERR_STOPPED',
  /** State or results were asked of a coordinator before `start()`. */
  notStarted: 'QF_ERR_NOT_STARTED',
  /** The initial model directory cannot be read or does not fit the model config. */
  initialModel: 'QF_ERR_INITIAL_MODEL',
  /** A round's aggregate is not a model to commit (non-finite, or far beyond the clients' updates); the round is retried. */
  aggregateRefused: 'QF_ERR_AGGREGATE_REFUSED',
  /** Another live coordinator holds the state dir's lock. */
  stateDirLocked: 'QF_ERR_STATE_DIR_LOCKED',
  /** Every sampled client refused a round's task, `maxRefusedAttempts` times in a row. */
  roundRefused: 'QF_ERR_ROUND_REFUSED',
  /** A connection sent frames faster than its budget (`frameBurst`, `framesPerSecond`) and was closed. */
  frameRate: 'QF_ERR_FRAME_RATE',
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
    super(COORDINATOR_ERROR_CODES.invalidOptions, message);
  }
}

/** A checkpoint on disk cannot be used. */
export class CheckpointError extends CoordinatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(COORDINATOR_ERROR_CODES.checkpointCorrupt, message, options);
  }
}

/** A client failed to produce a usable answer (disconnect, deadline, error reply, rejected result). */
export class ClientFailureError extends CoordinatorError {}

/** A client answered a task with a failed status (`CLIENT_FAILED`); `statusCode` is the client's code. */
export class TaskRefusedError extends ClientFailureError {
  constructor(
    /** The client's `QF_ERR_*` status code, e.g. `QF_ERR_BAD_TASK`. */
    readonly statusCode: string,
    message: string,
  ) {
    super(COORDINATOR_ERROR_CODES.clientFailed, message);
  }
}
