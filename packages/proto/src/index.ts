export type {
  NamedTensor,
  Parameters,
  ConfigValue,
  ConfigMap,
  TensorEncoding,
  ConfusionCounts,
  ScoreHistogram,
} from './types.js';
export type {
  Message,
  MessageKind,
  Envelope,
  Hello,
  Welcome,
  FitIns,
  FitRes,
  EvaluateIns,
  EvaluateRes,
  Heartbeat,
  ErrorMessage,
  Reconnect,
  Bye,
  Capabilities,
  DataSummary,
  TaskStatus,
} from './messages.js';
export type { DecodeLimits, DecodeOptions, EncodeOptions } from './options.js';
export type { ProtocolErrorCode } from './errors.js';
export {
  QuakefedError,
  ProtocolError,
  PROTO_ERROR_CODES,
  CLOSE_CODE_BY_ERROR,
  CLOSE_CODE_INTERNAL,
  closeCodeFor,
} from './errors.js';
export {
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  MESSAGE_KINDS,
  TENSOR_ENCODINGS,
  ENCODING_BYTES,
  F16_MAX,
  TASK_STATUS_CODES,
} from './constants.js';
export { DEFAULT_DECODE_LIMITS, DEFAULT_ENCODE_OPTIONS } from './defaults.js';
export { encodeMessage, decodeEnvelope, decodeMessage } from './codec.js';
export { frameBytes } from './frame-bytes.js';
export type { ReceivedFrame } from './frame-bytes.js';
export { exampleMessages, exampleParameters } from './examples.js';
/** A minimal WebAssembly assembler for SIMD kernels (used here and by the coordinator's weighted sum). */
export * as wasm from './wasm-assembler.js';
export { finiteScanKernel } from './tensors/finite.js';
