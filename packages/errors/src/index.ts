/** @quakefed/errors — the base error class every quakefed package extends, the one log-line format, and the metric counts every layer shares. */
export { QuakefedError } from './quakefed-error.js';
export { LOG_FORMATS, defaultLogFormat, formatLogLine } from './log-line.js';
export type { LogFormat } from './log-line.js';
export type { ConfusionCounts, ScoreHistogram } from './metric-counts.js';
