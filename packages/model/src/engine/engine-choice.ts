/**
 * Whether a model trains and scores on the fused engine or on its tfjs graph (see EnginePreference).
 * The engine computes the reference classifier family only: a model built or loaded by this package
 * whose weights are exactly those its config describes.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { parameterSpecs } from '../architecture.js';
import { activeBackend } from '../backend.js';
import { ENGINE_ENV_VAR, ENGINE_PREFERENCES } from '../defaults.js';
import { MODEL_ERROR_CODES, ModelError } from '../errors.js';
import { modelConfigOf } from '../model.js';
import type { EnginePreference, ModelConfig } from '../types.js';

/** The model's config when the fused engine can compute it, else undefined. */
function fusedConfigOf(model: LayersModel): ModelConfig | undefined {
  let config: ModelConfig;
  try {
    config = modelConfigOf(model);
  } catch {
    return undefined;
  }
  const specs = parameterSpecs(config);
  const { weights, trainableWeights } = model;
  const matches =
    weights.length === specs.length &&
    trainableWeights.length === specs.length &&
    weights.every((w, i) => {
      const spec = specs[i]!;
      return (
        w.originalName === spec.name &&
        w.shape.length === spec.shape.length &&
        w.shape.every((d, j) => d === spec.shape[j])
      );
    });
  return matches ? config : undefined;
}

/** `preference`, with 'auto' replaced by QUAKEFED_ENGINE when that is set. */
function effectivePreference(preference: EnginePreference): EnginePreference {
  const fromEnv = process.env[ENGINE_ENV_VAR];
  if (preference !== 'auto' || !fromEnv) return preference;
  if (!(ENGINE_PREFERENCES as readonly string[]).includes(fromEnv)) {
    throw new ModelError(
      MODEL_ERROR_CODES.badOptions,
      `${ENGINE_ENV_VAR}: unknown engine "${fromEnv}" (${ENGINE_PREFERENCES.join(', ')})`,
    );
  }
  return fromEnv as EnginePreference;
}

/**
 * The config to run `model` with on the fused engine, or undefined for the tfjs graph. 'auto' takes
 * the engine on the wasm-qf backend (tfjs-node keeps its own kernels) when the model fits it.
 * @throws ModelError `QF_ERR_UNSUPPORTED` when 'fused' is asked of a model the engine cannot compute
 */
export function fusedEngineConfig(model: LayersModel, preference: EnginePreference = 'auto'): ModelConfig | undefined {
  const wanted = effectivePreference(preference);
  if (wanted === 'graph') return undefined;
  const config = fusedConfigOf(model);
  if (wanted === 'fused' && !config) {
    throw new ModelError(
      MODEL_ERROR_CODES.unsupported,
      'the fused engine computes only the reference classifier family',
    );
  }
  return wanted === 'fused' || activeBackend() === 'wasm-qf' ? config : undefined;
}
