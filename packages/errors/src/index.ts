/** @quakefed/errors — the base error class every quakefed package extends, and the one log-line format. */
export { QuakefedError } from './quakefed-error.js';
export { LOG_FORMATS, defaultLogFormat, formatLogLine } from './log-line.js';
export type { LogFormat } from './log-line.js';
