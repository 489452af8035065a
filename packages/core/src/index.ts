/** @quakefed/core — the base error class every quakefed package extends, the one logger and its log-line format, the metric counts every layer shares, and the loader of the packages' compiled WebAssembly. */
export { QuakefedError } from './quakefed-error.js';
export { LOG_FORMATS, defaultLogFormat, formatLogLine } from './log-line.js';
export type { LogFormat } from './log-line.js';
export { LOG_LEVELS, createLogger, silentLogger } from './logger.js';
export type { LogFields, Logger, LoggerOptions, LogLevel, LogRecord } from './logger.js';
export type { ConfusionCounts, ScoreHistogram } from './metric-counts.js';
export { WasmArena, instantiateWasmFile } from './wasm-file.js';
export type { WasmMemory } from './wasm-file.js';
