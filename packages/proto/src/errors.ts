/**
 * Error classes shared by every quakefed package. Each error carries a stable `code` string that tests
 * and peers match on (messages are for humans and may change). Other packages subclass
 * {@link QuakefedError} for their own codes.
 */
import { CLOSE_CODE_BY_ERROR, CLOSE_CODE_INTERNAL } from './constants.js';

/** Base class of every quakefed error: an `Error` with a stable machine-readable `code`. */
export class QuakefedError extends Error {
  /** Stable identifier, `QF_ERR_*`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Stable codes of {@link ProtocolError}; each is documented in docs/protocol.md. */
export type ProtocolErrorCode = keyof typeof CLOSE_CODE_BY_ERROR;

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
