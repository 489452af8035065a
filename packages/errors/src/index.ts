/** @quakefed/errors — the base error class every quakefed package extends. */
export { QuakefedError } from './quakefed-error.js';
