/** Protocol constants: versions, message kinds, encodings, limits and task status codes (error close codes: errors.ts). */

/** Version this package speaks; sent in every envelope. Bumped only for breaking changes. */
export const PROTOCOL_VERSION = 1;

/** Versions this package can decode. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** The `kind` of every domain message, in envelope body field order. */
export const MESSAGE_KINDS = [
  'hello',
  'welcome',
  'fitIns',
  'fitRes',
  'evaluateIns',
  'evaluateRes',
  'heartbeat',
  'error',
  'reconnect',
  'bye',
] as const;

/**
 * Envelope field numbers reserved for body kinds (see the `oneof body` comment in the schema).
 * A field in this range that this version does not know is an unknown message kind.
 */
export const BODY_FIELD_RANGE = { first: 10, last: 99 } as const;

/** Tensor encodings on the wire, cheapest to decode first. */
export const TENSOR_ENCODINGS = ['f32', 'f16', 'int8'] as const;

/** Bytes per element of each tensor encoding. */
export const ENCODING_BYTES = { f32: 4, f16: 2, int8: 1 } as const;

/** Largest finite IEEE half value; larger finite float32 values cannot be encoded as f16. */
export const F16_MAX = 65504;

/** int8 quantised values span [INT8_MIN, INT8_MAX]. */
export const INT8_MIN = -128;
export const INT8_MAX = 127;

/**
 * Task status codes (FitRes / EvaluateRes `status.code`) both ends agree on. A client that is busy or
 * stopping may take the same task later; any other failed status refuses this task as it is.
 */
export const TASK_STATUS_CODES = {
  /** Another task is running. */
  busy: 'QF_ERR_CLIENT_BUSY',
  /** The client is shutting down. */
  stopped: 'QF_ERR_CLIENT_STOPPED',
  /** The task's config cannot be used (e.g. a fit config value out of range). */
  badTask: 'QF_ERR_BAD_TASK',
  /** Too little local data to train or evaluate: a failure of that client only. */
  insufficientData: 'QF_ERR_INSUFFICIENT_DATA',
} as const;
