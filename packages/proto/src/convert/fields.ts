/**
 * Field checks shared by the converters: on decode they turn wire values into domain values or throw a
 * ProtocolError naming the field (`path`); on encode they reject domain values the wire type cannot
 * carry (protobufjs would silently truncate them).
 */
import { PROTO_ERROR_CODES, ProtocolError } from '../errors.js';
import type { TensorEncoding } from '../types.js';
import { WIRE_ENCODING, type WireUint64 } from '../wire.js';

const UINT32_MAX = 0xffffffff;

/** A message-typed field that must be present. */
export function required<T>(value: T | null | undefined, path: string): T {
  if (value === null || value === undefined) {
    throw new ProtocolError(PROTO_ERROR_CODES.missingField, `${path} is missing`);
  }
  return value;
}

/** A string field that must be non-empty. */
export function requiredString(value: string | undefined, path: string): string {
  if (!value) throw new ProtocolError(PROTO_ERROR_CODES.missingField, `${path} is missing or empty`);
  return value;
}

/** A decoded uint64 as a number; values above 2^53 − 1 cannot be represented exactly and are rejected. */
export function safeInteger(value: WireUint64 | undefined, path: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const high = value.high >>> 0;
  if (high > 0x1fffff) {
    throw new ProtocolError(PROTO_ERROR_CODES.badField, `${path} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return high * 2 ** 32 + (value.low >>> 0);
}

/** A decoded float that must be finite. */
export function finite(value: number | undefined, path: string): number {
  const v = value ?? 0;
  if (!Number.isFinite(v)) throw new ProtocolError(PROTO_ERROR_CODES.nonFinite, `${path} is not finite`);
  return v;
}

/** Checks a domain number for a uint32 wire field. */
export function uint32(value: number, path: string): number {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new ProtocolError(PROTO_ERROR_CODES.badField, `${path} must be an integer in [0, 2^32), got ${value}`);
  }
  return value;
}

/** Checks a domain number for a uint64 wire field (as a safe integer). */
export function uint64(value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ProtocolError(PROTO_ERROR_CODES.badField, `${path} must be a non-negative safe integer, got ${value}`);
  }
  return value;
}

/** Wire number of a domain tensor encoding. */
export function encodingToWire(encoding: TensorEncoding, path: string): number {
  if (!Object.hasOwn(WIRE_ENCODING, encoding)) {
    throw new ProtocolError(PROTO_ERROR_CODES.unsupportedEncoding, `${path}: unknown tensor encoding "${encoding}"`);
  }
  return WIRE_ENCODING[encoding];
}

/** Domain tensor encoding of a wire number, or undefined when this version does not know it. */
export function encodingFromWire(value: number | undefined): TensorEncoding | undefined {
  switch (value) {
    case WIRE_ENCODING.f32:
      return 'f32';
    case WIRE_ENCODING.f16:
      return 'f16';
    case WIRE_ENCODING.int8:
      return 'int8';
    default:
      return undefined;
  }
}

/** A required tensor encoding field: unset is missing, an unknown number unsupported. */
export function requiredEncoding(value: number | undefined, path: string): TensorEncoding {
  if (!value) throw new ProtocolError(PROTO_ERROR_CODES.missingField, `${path} is missing`);
  const encoding = encodingFromWire(value);
  if (!encoding) {
    throw new ProtocolError(PROTO_ERROR_CODES.unsupportedEncoding, `${path}: unknown tensor encoding ${value}`);
  }
  return encoding;
}
