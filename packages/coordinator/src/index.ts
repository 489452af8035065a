/** @quakefed/coordinator — strategies, round engine, client manager, checkpoints, HTTP. */
export {
  WeightedSum,
  weightedAverage,
  coordinateMedian,
  trimmedMean,
  clipUpdate,
  updateNorm,
  assertSameLayout,
  assertFinite,
  cloneParameters,
} from './aggregate.js';
export type { WeightedUpdate, ClippedUpdate } from './aggregate.js';
export {
  COORDINATOR_ERROR_CODES,
  CoordinatorError,
  AggregationError,
  OptionsError,
  CheckpointError,
  ClientError,
} from './errors.js';
export type { CoordinatorErrorCode } from './errors.js';
export {
  COORDINATOR_DEFAULTS,
  FEDAVG_DEFAULTS,
  FEDPROX_DEFAULTS,
  FEDADAM_DEFAULTS,
  STRATEGY_DEFAULTS,
  resolveCoordinatorOptions,
} from './defaults.js';
export type {
  CoordinatorOptions,
  FedAvgOptions,
  FedProxOptions,
  FedAdamOptions,
  StrategySpec,
  RobustMethod,
} from './defaults.js';
export { createLogger, LOG_LEVELS } from './logger.js';
export type { Logger, LogLevel, LogFields, LogRecord } from './logger.js';
export { FedAvg } from './strategy/fedavg.js';
export { FedProx } from './strategy/fedprox.js';
export { FedAdam } from './strategy/fedadam.js';
export { DelegatingStrategy } from './strategy/delegating.js';
export { ClippedStrategy } from './strategy/clipped.js';
export { RobustStrategy } from './strategy/robust.js';
export { createStrategy } from './strategy/factory.js';
export { aggregateEvaluation } from './strategy/evaluation.js';
export type {
  Strategy,
  StrategyState,
  ClientInfo,
  ClientInstruction,
  FitResult,
  EvaluateResult,
  ClientFailure,
  FitAggregate,
  FitAggregator,
  RoundMetrics,
} from './strategy/types.js';
