/** Builds the reference classifier (see architecture.ts for its description as data). */
import { Sequential } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { serialization } from '@tensorflow/tfjs-core';
import { modelTopology, resolveModelConfig } from './architecture.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import type { ModelConfig } from './types.js';

const configs = new WeakMap<LayersModel, ModelConfig>();

const toCamelCase = (id: string): string => id.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase());

/**
 * Keras JSON (model.json's snake_case) → the camelCase config tfjs-layers' `fromConfig` takes, as
 * tfjs' own loader converts it: keys and string values are camel-cased, `name` values kept.
 */
function pythonicToTs(value: unknown): unknown {
  if (typeof value === 'string') return toCamelCase(value);
  if (Array.isArray(value)) return value.map(pythonicToTs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) =>
      k === 'name' && typeof v === 'string' ? [k, v] : [toCamelCase(k), pythonicToTs(v)],
    ),
  );
}

/** Records the config a model was built from (used by saving and loading). */
export function rememberModelConfig(model: LayersModel, config: ModelConfig): void {
  configs.set(model, config);
}

/** The config `model` was built or loaded with. */
export function modelConfigOf(model: LayersModel): ModelConfig {
  const config = configs.get(model);
  if (!config) throw new ModelError(MODEL_ERROR_CODES.unsupported, 'model was not built or loaded by @quakefed/model');
  return config;
}

/**
 * Builds the classifier for `config` (merged over DEFAULT_MODEL_CONFIG) with seeded initial
 * weights. Input [batch, windowLength, channels]; output [batch, 1] logits (apply a sigmoid for
 * probabilities). Needs an initialised backend (see initBackend).
 */
export function buildModel(config: Partial<ModelConfig> = {}): LayersModel {
  const resolved = resolveModelConfig(config);
  const topology = pythonicToTs(modelTopology(resolved)) as { config: serialization.ConfigDict };
  const model = Sequential.fromConfig(Sequential, topology.config) as LayersModel;
  rememberModelConfig(model, resolved);
  return model;
}
