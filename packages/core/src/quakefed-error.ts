/**
 * The base class of every quakefed error. It lives in a package of its own, with no dependencies, so
 * that every package can extend it, including seismic, which proto itself depends on.
 */

/** Base class of every quakefed error: an `Error` with a stable machine-readable `code`. */
export class QuakefedError extends Error {
  /** Stable identifier, `QF_ERR_*`: tests and peers match on it (messages are for humans and may change). */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
