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
  ClientFailureError,
} from './errors.js';
export type { CoordinatorErrorCode } from './errors.js';
export {
  COORDINATOR_DEFAULTS,
  FEDAVG_DEFAULTS,
  FEDPROX_DEFAULTS,
  FEDADAM_DEFAULTS,
  FEDAVGM_DEFAULTS,
  GUARD_DEFAULTS,
  STRATEGY_DEFAULTS,
  resolveCoordinatorOptions,
} from './defaults.js';
export type {
  CoordinatorOptions,
  FedAvgOptions,
  FedProxOptions,
  FedAdamOptions,
  FedAvgMOptions,
  StrategySpec,
  RobustMethod,
  GuardOptions,
} from './defaults.js';
export { FedAvg } from './strategy/fedavg.js';
export { FedProx } from './strategy/fedprox.js';
export { FedAdam } from './strategy/fedadam.js';
export { FedAvgM } from './strategy/fedavgm.js';
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
export { Coordinator } from './server.js';
export type { CoordinatorDeps, CoordinatorStatus, ListenAddress } from './server.js';
export { RoundEngine } from './round-engine.js';
export type { EngineState, EngineStatus, EnginePhase, RoundEngineDeps } from './round-engine.js';
export { ClientManager, HandshakeError, clientInfoFromHello, welcomeFor } from './client-manager.js';
export { CheckpointStore, RECOVER_MODES } from './checkpoint/store.js';
export type { Checkpoint, RoundRecord, CheckpointStoreOptions, RecoverMode } from './checkpoint/store.js';
export { lockStateDir } from './checkpoint/state-lock.js';
export { hashToken } from './auth/tokens.js';
export type { StateDirLock, LockHolder } from './checkpoint/state-lock.js';
export { InMemoryClientProxy } from './transport/memory-proxy.js';
export type { InMemoryHandlers } from './transport/memory-proxy.js';
export { WebSocketClientProxy } from './transport/websocket-proxy.js';
export { WebSocketTransport } from './transport/websocket-server.js';
export type { ClientProxy, DiscardEvent, DiscardListener, DiscardReason } from './transport/types.js';
export { sampleClients, samplingRng } from './sampling.js';
export { CLOSE_CODES, RESTART_RECONNECT_DELAY_MS } from './constants.js';
export { runCoordinator } from './run.js';
export type { RunOptions } from './run.js';
export { parseCoordinatorConfig, readCoordinatorConfig, mergeCoordinatorOptions } from './config-file.js';
export type { CoordinatorEvents, CoordinatorEventSink } from './events.js';
export { STRATEGY_NAMES, STRATEGY_REGISTRY, isStrategyName, strategiesReading } from './strategy/registry.js';
export type { StrategyEntry, StrategyName } from './strategy/registry.js';
