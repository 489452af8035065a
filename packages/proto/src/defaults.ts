/** Default options of the codec; callers override them as `{ ...DEFAULT_DECODE_LIMITS, ...opts }`. */
import type { DecodeLimits, EncodeOptions } from './options.js';

/** Limits applied by `decodeMessage`; every one protects the receiver from a hostile or broken peer. */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = {
  /** 64 MiB: a 1M-parameter model in f32 is 4 MiB, so this leaves room for models 16× larger. */
  maxPayloadBytes: 64 * 1024 * 1024,
  /** Elements of one tensor (2^26 ≈ 67M, i.e. a full frame of int8). */
  maxTensorElements: 64 * 1024 * 1024,
  /** Tensors in one Parameters message. */
  maxTensors: 4096,
  /** Dimensions of one tensor. */
  maxDims: 8,
  /** Bins of a score histogram. */
  maxHistogramBins: 100_000,
};

/** Defaults of `encodeMessage`. */
export const DEFAULT_ENCODE_OPTIONS: Readonly<Required<EncodeOptions>> = {
  messageId: 0,
  replyTo: 0,
  tensorEncoding: 'f32',
};
