/**
 * Errors of the wire protocol. Each error carries a stable `code` string that tests and peers match on
 * (messages are for humans and may change). The base class, {@link QuakefedError}, lives in
 * @quakefed/core (the base package every other one extends, seismic included) and is re-exported here
 * for proto's existing users.
 */
import { QuakefedError } from '@quakefed/core';

export { QuakefedError };

/**
 * Stable codes of {@link ProtocolError}, each documented in docs/protocol.md. Callers and tests branch on
 * `code`, never on messages.
 */
export const PROTO_ERROR_CODES = {
  /** Not protobuf (truncated, random bytes, bad wire types, invalid UTF-8), several bodies, or not binary. */
  badMessage: 'QF_ERR_BAD_MESSAGE',
  /** `protocol_version` missing or not supported. */
  unsupportedVersion: 'QF_ERR_UNSUPPORTED_VERSION',
  /** A body field number this version does not know (a later version's message). */
  unknownMessage: 'QF_ERR_UNKNOWN_MESSAGE',
  /** No body, or a required field or message absent or empty. */
  missingField: 'QF_ERR_MISSING_FIELD',
  /** A value out of range (uint64 above 2^53 − 1, histogram counts ≠ bins, negative hours, …). */
  badField: 'QF_ERR_BAD_FIELD',
  /** `data` length ≠ product(shape) × element size. */
  tensorLength: 'QF_ERR_TENSOR_LENGTH',
  /** Too many dimensions, elements or tensors; on encode, a shape that does not fit the data. */
  tensorShape: 'QF_ERR_TENSOR_SHAPE',
  /** Two tensors share a name. */
  duplicateTensor: 'QF_ERR_DUPLICATE_TENSOR',
  /** A frame longer than `maxPayloadBytes`, refused before any parsing. */
  payloadTooLarge: 'QF_ERR_PAYLOAD_TOO_LARGE',
  /** NaN or ±Infinity in a float tensor or in `loss`. */
  nonFinite: 'QF_ERR_NON_FINITE',
  /** Unknown `encoding` or `dtype` value. */
  unsupportedEncoding: 'QF_ERR_UNSUPPORTED_ENCODING',
  /** int8 `scale` / `zero_point` invalid. */
  badQuantisation: 'QF_ERR_BAD_QUANTISATION',
  /** Config or metrics bytes that are not one MessagePack map of allowed values. */
  badMap: 'QF_ERR_BAD_MAP',
  /** (Encode only) a value beyond the float16 range. */
  f16Overflow: 'QF_ERR_F16_OVERFLOW',
  /** A known kind the receiver does not accept here (`expectedKinds`). */
  unexpectedMessage: 'QF_ERR_UNEXPECTED_MESSAGE',
} as const;

/** One of {@link PROTO_ERROR_CODES}. */
export type ProtocolErrorCode = (typeof PROTO_ERROR_CODES)[keyof typeof PROTO_ERROR_CODES];

/** Close code for errors that are not protocol errors (a bug, or another package's failure). */
export const CLOSE_CODE_INTERNAL = 4000;

/**
 * WebSocket close code for each protocol error code. 4000–4099 belong to this package; other packages
 * should use 4100 and above for their own codes (coordinator 4100–4199, client 4200–4299). Keyed by the
 * table above and kept in this module (not constants.ts), as `closeCode` needs it: no import cycle.
 */
export const CLOSE_CODE_BY_ERROR = {
  [PROTO_ERROR_CODES.badMessage]: 4001,
  [PROTO_ERROR_CODES.unsupportedVersion]: 4002,
  [PROTO_ERROR_CODES.unknownMessage]: 4003,
  [PROTO_ERROR_CODES.missingField]: 4004,
  [PROTO_ERROR_CODES.badField]: 4005,
  [PROTO_ERROR_CODES.tensorLength]: 4006,
  [PROTO_ERROR_CODES.tensorShape]: 4007,
  [PROTO_ERROR_CODES.duplicateTensor]: 4008,
  [PROTO_ERROR_CODES.payloadTooLarge]: 4009,
  [PROTO_ERROR_CODES.nonFinite]: 4010,
  [PROTO_ERROR_CODES.unsupportedEncoding]: 4011,
  [PROTO_ERROR_CODES.badQuantisation]: 4012,
  [PROTO_ERROR_CODES.badMap]: 4013,
  [PROTO_ERROR_CODES.f16Overflow]: 4014,
  [PROTO_ERROR_CODES.unexpectedMessage]: 4015,
} as const satisfies Record<ProtocolErrorCode, number>;

/**
 * A frame could not be encoded or decoded. Decoding never throws anything else: every malformed input
 * becomes a ProtocolError with one of the {@link ProtocolErrorCode}s.
 */
export class ProtocolError extends QuakefedError {
  declare readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** WebSocket close code (4000–4999) to use when this error ends a connection. */
  get closeCode(): number {
    return CLOSE_CODE_BY_ERROR[this.code];
  }
}

/**
 * WebSocket close code for any error code: the protocol's own codes map to 4000–4099, anything else
 * (another package's code, or no code at all) to the generic internal-error code.
 */
export function closeCodeFor(code: string | undefined): number {
  return code !== undefined && Object.hasOwn(CLOSE_CODE_BY_ERROR, code)
    ? CLOSE_CODE_BY_ERROR[code as ProtocolErrorCode]
    : CLOSE_CODE_INTERNAL;
}
