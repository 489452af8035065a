/**
 * The weights every compared model of a scenario starts from: a saved model directory
 * (`initialModel`, e.g. `models/default` or a `quakefed pretrain` output), or the freshly initialised
 * reference model the training pool builds.
 */
import {
  parametersFromModelArtifacts,
  readModelArtifacts,
  resolveModelConfig,
  validateParameters,
  ModelError,
} from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import type { TrainingPool } from '../pool/training-pool.js';
import type { Scenario } from '../scenario.js';

/**
 * The starting weights of `s`'s runs.
 * @throws SimulationError `QF_ERR_SCENARIO_INVALID` when `initialModel` cannot be read or its tensors
 *   are not those of the model the pool trains
 */
export async function initialParameters(s: Scenario, pool: TrainingPool): Promise<Parameters> {
  if (s.initialModel === null) return pool.initialParameters();
  try {
    const { parameters } = parametersFromModelArtifacts(await readModelArtifacts(s.initialModel));
    validateParameters(resolveModelConfig({}), parameters);
    return parameters;
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    throw new SimulationError(SIM_ERROR_CODES.scenarioInvalid, `initialModel ${s.initialModel}: ${err.message}`);
  }
}
