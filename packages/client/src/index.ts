/** @quakefed/client — the gateway's federated client, its data sources, and detection on the stream. */
export { FederatedClient, resolveClientOptions } from './client.js';
export type { ClientOptions, ClientOptionsInput, ClientDependencies, ClientEvents } from './client.js';
export { Connection } from './connection.js';
export type { ConnectionHandlers } from './connection.js';
export { Backoff } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export {
  CONNECTION_DEFAULTS,
  CLIENT_BEHAVIOUR_DEFAULTS,
  DATA_BUDGET_DEFAULTS,
  LABELLING_DEFAULTS,
  DETECTION_DEFAULTS,
  MINISEED_SOURCE_DEFAULTS,
  MODEL_SAMPLE_RATE_HZ,
  SYNTHETIC_SOURCE_DEFAULTS,
} from './defaults.js';
export type {
  ConnectionOptions,
  ClientBehaviourOptions,
  DataBudget,
  LabellingOptions,
  DetectionOptions,
} from './defaults.js';
export { ClientError, CLIENT_ERROR_CODES } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export { InProcessTrainer } from './trainer.js';
export type { Trainer, FitTask, FitOutcome, EvaluateTask, EvaluateOutcome } from './trainer.js';
export { trainOptionsFromConfig, budgetFromConfig, evaluationSettings, miningOptions } from './task-config.js';
// Data sources
export { applyBudget, budgetIndices, budgetNegatives, selectWindows, roundSeed } from './data-source.js';
export type { DataSource, DataSummary } from './data-source.js';
export { SyntheticStationSource, profileFromStationId } from './sources/synthetic.js';
export type { SyntheticStationOptions } from './sources/synthetic.js';
export { MiniSeedDirectorySource } from './sources/miniseed-directory.js';
export type { MiniSeedDirectoryOptions } from './sources/miniseed-directory.js';
export { readCatalogue, parseCatalogueCsv, parseQuakeMl } from './sources/catalogue.js';
export type { CatalogueEvent } from './sources/catalogue.js';
export {
  epicentralDistanceKm,
  hypocentralDistanceKm,
  predictedPArrivalMs,
  detectabilityThreshold,
  codaDurationSeconds,
} from './sources/travel-time.js';
export type { StationCoordinates, ArrivalModel } from './sources/travel-time.js';
export { predictArrivals, labelWindows as labelArchiveWindows } from './sources/labelling.js';
export type { PredictedArrival, WindowLabel, OnsetSpan } from './sources/labelling.js';
// Gateway service
export { runGateway, createDataSource } from './gateway.js';
export { readGatewayConfig, mergeGatewayConfig } from './gateway-config.js';
export type { GatewayConfig, SourceConfig, MiniSeedSourceConfig, SyntheticSourceConfig } from './gateway-config.js';
// Detection
export { runDetect, detectTraces } from './detect/run.js';
export type { DetectRunOptions, DetectReport, DetectFormat, StaLtaResult } from './detect/run.js';
export { runCalibrate } from './detect/calibrate.js';
export { chooseThreshold } from './detect/threshold.js';
export type { ThresholdChoice, ThresholdOrigin } from './detect/threshold.js';
export type { CalibrateRunOptions, CalibrateReport } from './detect/calibrate.js';
export { detectInTrace, streamOf } from './detect/detector.js';
export type { WindowScorer, WindowPreprocessing, WindowCutter, TraceDetections } from './detect/detector.js';
export { modelScorer, seismicPreprocessing, perWindowPreprocessing } from './detect/scoring.js';
export { mergeDetections, scoreRunOptions } from './detect/merge.js';
export type { Detection, StreamId, WindowGeometry } from './detect/merge.js';
export { detectionsToCsv, detectionsToJson, detectionsToPicks, picksToCsv, picksToQuakeMl } from './detect/writers.js';
export type { Pick, PickProvenance } from './detect/writers.js';
export { resolveModelSource } from './detect/model-source.js';
export { windowStartSamples } from './detect/windows.js';
export { measureTrainingRound } from './footprint.js';
export type { TrainingFootprint } from './footprint.js';
export { legacyKeys } from './legacy-keys.js';
