/**
 * The reference classifier described as data: config validation, parameter names/shapes and the
 * keras-style topology JSON that tfjs-layers builds the model from (and writes into model.json).
 * Pure: no tfjs import, so the coordinator can use it without building graphs.
 */
import { DEFAULT_MODEL_CONFIG } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import type { ModelConfig } from './types.js';

/** Name and shape of one weight tensor, in model weight order. */
export interface ParameterSpec {
  name: string;
  shape: number[];
}

/** Name of the model in its topology. */
const MODEL_NAME = 'quakefed_classifier';
const convName = (i: number): string => `conv${i}`;
const LOGIT_NAME = 'logit';

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Merges `partial` over the defaults and validates the result. */
export function resolveModelConfig(partial: Partial<ModelConfig> = {}): ModelConfig {
  const config: ModelConfig = {
    ...DEFAULT_MODEL_CONFIG,
    ...partial,
    filters: [...(partial.filters ?? DEFAULT_MODEL_CONFIG.filters)],
  };
  const bad = (msg: string): never => {
    throw new ModelError(MODEL_ERROR_CODES.badOptions, `model config: ${msg}`);
  };
  if (!isPositiveInt(config.windowLength)) bad('windowLength must be a positive integer');
  if (!isPositiveInt(config.channels)) bad('channels must be a positive integer');
  if (!isPositiveInt(config.inputPool) || config.inputPool > config.windowLength) {
    bad('inputPool must be a positive integer no larger than windowLength');
  }
  if (config.filters.length === 0 || !config.filters.every(isPositiveInt)) bad('filters must be positive integers');
  if (!isPositiveInt(config.kernelSize)) bad('kernelSize must be a positive integer');
  if (!isPositiveInt(config.strides)) bad('strides must be a positive integer');
  if (!(config.priorProbability > 0 && config.priorProbability < 1)) bad('priorProbability must be in (0, 1)');
  if (!Number.isInteger(config.seed)) bad('seed must be an integer');
  return config;
}

/** Output bias for a prior quake probability π: b = −log((1−π)/π), so σ(b) = π. */
export function priorBias(priorProbability: number): number {
  return -Math.log((1 - priorProbability) / priorProbability);
}

/** Weight names and shapes in model order (kernel then bias, layer by layer). */
export function parameterSpecs(config: ModelConfig): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  let inChannels = config.channels;
  config.filters.forEach((filters, i) => {
    specs.push({ name: `${convName(i)}/kernel`, shape: [config.kernelSize, inChannels, filters] });
    specs.push({ name: `${convName(i)}/bias`, shape: [filters] });
    inChannels = filters;
  });
  specs.push({ name: `${LOGIT_NAME}/kernel`, shape: [inChannels, 1] });
  specs.push({ name: `${LOGIT_NAME}/bias`, shape: [1] });
  return specs;
}

/** Total number of trainable parameters. */
export function countParameters(config: ModelConfig): number {
  return parameterSpecs(config).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Sequence length after each conv layer ('same' padding: ceil(length / stride)). */
export function layerLengths(config: ModelConfig): number[] {
  const lengths: number[] = [];
  let length = Math.floor(config.windowLength / config.inputPool);
  for (let i = 0; i < config.filters.length; i++) lengths.push((length = Math.ceil(length / config.strides)));
  return lengths;
}

const varianceScaling = (scale: number, mode: string, distribution: string, seed: number) => ({
  class_name: 'VarianceScaling',
  config: { scale, mode, distribution, seed },
});

/**
 * Keras/tfjs-layers `Sequential` topology of the model: the input's average pooling (when
 * `inputPool` > 1), conv layers with He-normal kernels (seeded
 * `seed + i`), zero biases; the logit's Glorot-uniform kernel (seed `seed + depth`) and its bias at
 * the prior.
 */
export function modelTopology(config: ModelConfig): Record<string, unknown> {
  const pooled = config.inputPool > 1;
  const inputShape = { batch_input_shape: [null, config.windowLength, config.channels] };
  const convs = config.filters.map((filters, i) => ({
    class_name: 'Conv1D',
    config: {
      name: convName(i),
      filters,
      kernel_size: [config.kernelSize],
      strides: [config.strides],
      padding: 'same',
      dilation_rate: [1],
      activation: 'relu',
      use_bias: true,
      kernel_initializer: varianceScaling(2, 'fan_in', 'normal', config.seed + i),
      bias_initializer: { class_name: 'Zeros', config: {} },
      trainable: true,
      dtype: 'float32',
      ...(i === 0 && !pooled ? inputShape : {}),
    },
  }));
  const pool = {
    class_name: 'AveragePooling1D',
    config: {
      name: 'input_pool',
      pool_size: [config.inputPool],
      strides: [config.inputPool],
      padding: 'valid',
      trainable: true,
      dtype: 'float32',
      ...inputShape,
    },
  };
  return {
    class_name: 'Sequential',
    config: {
      name: MODEL_NAME,
      layers: [
        ...(pooled ? [pool] : []),
        ...convs,
        { class_name: 'GlobalAveragePooling1D', config: { name: 'pool', trainable: true } },
        {
          class_name: 'Dense',
          config: {
            name: LOGIT_NAME,
            units: 1,
            activation: 'linear',
            use_bias: true,
            kernel_initializer: varianceScaling(1, 'fan_avg', 'uniform', config.seed + config.filters.length),
            bias_initializer: { class_name: 'Constant', config: { value: priorBias(config.priorProbability) } },
            trainable: true,
          },
        },
      ],
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}
