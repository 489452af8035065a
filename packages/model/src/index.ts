/** @quakefed/model — waveform classifier, focal loss, fast local training, tfjs backend selection. */
export { initBackend, activeBackend, describeBackend } from './backend.js';
export { onBackendChosen } from './backend-announcement.js';
export {
  DEFAULT_MODEL_CONFIG,
  DEFAULT_TRAIN_OPTIONS,
  DEFAULT_EVALUATE_OPTIONS,
  BACKEND_ENV_VAR,
  ENGINE_ENV_VAR,
  MODEL_JSON_FILE,
  WEIGHTS_FILE,
  OPERATING_POINTS_FILE,
  SHIPPED_MODEL_DIR,
} from './defaults.js';
export { MODEL_ERROR_CODES, ModelError } from './errors.js';
export type { ModelErrorCode } from './errors.js';
export {
  resolveModelConfig,
  priorBias,
  parameterSpecs,
  countParameters,
  layerLengths,
  modelTopology,
} from './architecture.js';
export type { ParameterSpec } from './architecture.js';
export { buildModel, modelConfigOf } from './model.js';
export { getParameters, setParameters } from './parameters.js';
export { focalLoss, bceLoss, weightedBceLoss, lossFunction, balancedPositiveWeight } from './losses.js';
export type { LossFn } from './losses.js';
export { trainLocal } from './train.js';
export { epochWindowCount } from './negative-mining.js';
export { resolveTrainOptions } from './train-options.js';
export { parseFitConfig, FIT_CONFIG_KEYS } from './fit-config.js';
export type { FitConfig } from './fit-config.js';
export { evaluateModel, predictScores } from './evaluate.js';
export {
  modelArtifactsFromParameters,
  parametersFromModelArtifacts,
  configFromModelJson,
  validateParameters,
} from './artifacts.js';
export type { ModelArtifactsFiles, ModelJson } from './artifacts.js';
export { saveModel, loadModel, modelLoadHandler } from './io.js';
export { readModelArtifacts, writeModelDirectory } from './files.js';
export {
  OPERATING_POINTS_FORMAT,
  OPERATING_POINTS_VERSION,
  weightsSha256,
  defaultOperatingPoint,
  validateOperatingPoints,
  readOperatingPoints,
  writeOperatingPoints,
} from './operating-points.js';
export type { OperatingPoint, OperatingPoints, OperatingPointsMeasurement } from './operating-points.js';
export { registerWasmQfKernels, unregisterWasmQfKernels, WASM_QF_KERNELS } from './kernels/register.js';
export { conv2dBackpropFilterImpl } from './kernels/conv2d_backprop_filter.js';
export { conv2dBackpropInputImpl } from './kernels/conv2d_backprop_input.js';
export type {
  BackendName,
  BackendPreference,
  EnginePreference,
  ModelConfig,
  WindowData,
  LossName,
  LossOptions,
  TrainOptions,
  TrainResult,
  EvaluateOptions,
  EvaluateResult,
} from './types.js';
