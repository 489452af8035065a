/**
 * Domain types shared by every package. These are what application code handles; the wire types
 * generated from `schema/*.proto` stay inside this package and are converted with toProto/fromProto.
 */

/** One named model tensor. Domain tensors are always float32, whatever encoding carried them. */
export interface NamedTensor {
  /** Stable layer-qualified name, e.g. `conv1d_1/kernel`. Unique within a parameter set. */
  name: string;
  /** Dimensions; `data.length` equals their product. */
  shape: number[];
  /** Values, row-major. May be a view on a received buffer: copy before mutating if you keep it. */
  data: Float32Array;
}

/** Ordered model parameters (the order is the model's weight order and is significant). */
export type Parameters = NamedTensor[];

/** Value of a config or metrics map entry (encoded with msgpackr on the wire). */
export type ConfigValue = number | string | boolean | Uint8Array;

/** String-keyed config / metrics map. */
export type ConfigMap = Record<string, ConfigValue>;

/** How tensor values travel: raw float32, IEEE half, or int8 affine quantisation. */
export type TensorEncoding = 'f32' | 'f16' | 'int8';

/**
 * Evaluation counts carried by EvaluateRes are the shared mergeable metric types (integers, so sums
 * across clients are exact), defined in the base package the seismic package uses too.
 */
export type { ConfusionCounts, ScoreHistogram } from '@quakefed/core';
