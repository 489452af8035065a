/** @quakefed/simulations — scenario config, federation simulator, baselines, experiments and reports. */
export { resolveScenario, readScenarioFile, validateScenario, LOSSES, NOISE_CLASSES, STRATEGIES } from './scenario.js';
export type {
  Scenario,
  ScenarioInput,
  TrainingConfig,
  DataConfig,
  FaultConfig,
  ValidationConfig,
  TestConfig,
  BaselineConfig,
  LossName,
} from './scenario.js';
export { scenarioForSeed, SEED_STRIDE } from './seeds.js';
export { DEFAULT_SCENARIO, DEMO_SCENARIO, STALTA_GRID, EVENT_OPERATING_POINTS, CONVERGENCE } from './defaults.js';
export { SimulationError, ScenarioError, SIM_ERROR_CODES } from './errors.js';
export type { SimErrorCode } from './errors.js';
export { runExperiment } from './experiment.js';
export type { ExperimentKind, ExperimentOptions, ExperimentOutcome } from './experiment.js';
export { runSeries } from './series.js';
export type { SeriesOutcome } from './series.js';
export { federatedArmId, ARM_IDS } from './arms.js';
export { WorkerPool } from './pool/worker-pool.js';
export type { WorkerPoolOptions } from './pool/worker-pool.js';
export { TrainingPool } from './pool/training-pool.js';
export type { TrainingPoolInit } from './pool/training-pool.js';
export { runFederation, coordinatorOptions } from './federation/run-federation.js';
export type {
  FederationOptions,
  FederationOutcome,
  FederationMember,
  CommittedRound,
} from './federation/run-federation.js';
export { SimulatedStation } from './federation/station.js';
export type { StationOptions } from './federation/station.js';
export { SimulatedStationSource } from './data/station-source.js';
export { makeTrainingStations, populationKnobs, stationBudget } from './data/population.js';
export { imbalanceSummary, describeImbalance } from './data/imbalance.js';
export type { ImbalanceSummary, RatioRange } from './data/imbalance.js';
export { heldOutStations, makeValidationSet } from './data/held-out.js';
export type { HeldOutPart, HeldOutStation } from './data/held-out.js';
export { windowLevelMetrics } from './eval/window-metrics.js';
export { eventLevelMetrics, eventPoint, streamTruth, sweepThresholds } from './eval/event-level.js';
export type { StreamTruth, TruthEvent, DetectAt } from './eval/event-level.js';
export { formatRecall } from './eval/format.js';
export type {
  ArmResult,
  WindowLevelResult,
  EventLevelResult,
  EventPoint,
  EventScoringOptions,
  OperatingPoint,
  SnrBandRecall,
  PrPoint,
  RoundRecord,
} from './eval/types.js';
export { RunDirectory, RUN_FILES, SERIES_FILES, INCOMPLETE_FILE } from './report/run-directory.js';
export { writeReport } from './report/report.js';
export type { ReportContent } from './report/report.js';
export { resultsMarkdown, seriesMarkdown } from './report/table.js';
export { ratioLines, seriesRatioLines } from './report/comparison.js';
export { testResolution } from './report/report.js';
export { progressListener, describeEvent } from './progress/reporters.js';
export type { ProgressMode } from './progress/reporters.js';
export type { SimEvent, SimEventListener } from './progress/events.js';
export { loadRealEventSet, parsePicks, channelTypeOf, DEV_SET_DIR } from './real-events/dev-set.js';
export { realEventTable } from './real-events/experiment-table.js';
export type { RealEventTable, RealEventRow } from './real-events/experiment-table.js';
export type { RealEvent, RealEventRecording, ChannelType } from './real-events/dev-set.js';
export { scoreRealEvents, BUSY_NETWORK } from './real-events/score.js';
export type { RealEventScore, NoiseCount } from './real-events/score.js';
export { evaluateOnRealEvents } from './real-events/evaluate.js';
export type { RealEventEvaluation, RealEventEvaluationOptions } from './real-events/evaluate.js';
export { runPretrain, resolvePretrainOptions } from './pretrain/run.js';
export type { PretrainOutcome } from './pretrain/run.js';
export { defaultAverageFromEpoch, PRETRAIN_DEFAULTS, PRETRAIN_FALSE_ALARM_TARGETS } from './pretrain/defaults.js';
export type { PretrainOptions } from './pretrain/defaults.js';
export { PRETRAIN_MANIFEST_FILE } from './pretrain/manifest.js';
export type { PretrainManifest } from './pretrain/manifest.js';
