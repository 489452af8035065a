/** Option types of the codec; their defaults are in defaults.ts. */
import type { MessageKind } from './messages.js';
import type { TensorEncoding } from './types.js';

/** Limits checked while decoding a frame. */
export interface DecodeLimits {
  /** Frames longer than this are rejected before any parsing (`QF_ERR_PAYLOAD_TOO_LARGE`). */
  maxPayloadBytes: number;
  /** Largest product(shape) of one tensor (`QF_ERR_TENSOR_SHAPE`). */
  maxTensorElements: number;
  /** Most tensors in one parameter set (`QF_ERR_TENSOR_SHAPE`). */
  maxTensors: number;
  /** Most dimensions of one tensor (`QF_ERR_TENSOR_SHAPE`). */
  maxDims: number;
  /** Most bins of a score histogram (`QF_ERR_BAD_FIELD`). */
  maxHistogramBins: number;
}

/** Options of `decodeMessage`: limits (defaults in defaults.ts) and the kinds the caller accepts. */
export interface DecodeOptions extends Partial<DecodeLimits> {
  /**
   * Kinds acceptable at this point (e.g. a coordinator accepts no `fitIns`). Any other kind is rejected
   * with `QF_ERR_UNEXPECTED_MESSAGE` before its body is decoded. Default: every kind.
   */
  expectedKinds?: readonly MessageKind[];
}

/** Options of `encodeMessage`. */
export interface EncodeOptions {
  /** Envelope message id (unique per connection and direction); 0 = unset. */
  messageId?: number;
  /** Id of the message this one answers; 0 = none. */
  replyTo?: number;
  /** Encoding of parameter tensors in FitIns / FitRes / EvaluateIns. */
  tensorEncoding?: TensorEncoding;
}
