/**
 * Errors of the wire protocol. Each error carries a stable `code` string that tests and peers match on
 * (messages are for humans and may change). The base class, {@link QuakefedError}, lives in
 * @quakefed/errors (the base package every other one extends, seismic included) and is re-exported here
 * for proto's existing users.
 */
import { QuakefedError } from '@quakefed/errors';
import { CLOSE_CODE_BY_ERROR, CLOSE_CODE_INTERNAL } from './constants.js';

export { QuakefedError };

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
