/**
 * Errors raised by the simulator. Each carries a stable `code` so callers and tests can tell them apart
 * without matching message text.
 */
import { QuakefedError } from '@quakefed/core';

/** Stable error codes of the simulations package. */
export const SIM_ERROR_CODES = {
  scenarioInvalid: 'QF_ERR_SCENARIO_INVALID',
  scenarioFile: 'QF_ERR_SCENARIO_FILE',
  workerFailed: 'QF_ERR_WORKER_FAILED',
  poolClosed: 'QF_ERR_POOL_CLOSED',
  federationFailed: 'QF_ERR_FEDERATION_FAILED',
  /** `quakefed pretrain` options out of range, or seeds that collide with the simulator's. */
  pretrainInvalid: 'QF_ERR_PRETRAIN_INVALID',
  devSetInvalid: 'QF_ERR_DEV_SET_INVALID',
} as const;

export type SimErrorCode = (typeof SIM_ERROR_CODES)[keyof typeof SIM_ERROR_CODES];

/** Base class of every error thrown by the simulations package. */
export class SimulationError extends QuakefedError {
  declare readonly code: SimErrorCode;
  constructor(code: SimErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * A scenario that cannot run: `issues` lists every problem found, one human-readable line each. The
 * message joins them on one line so the CLI can print it as its single error line.
 */
export class ScenarioError extends SimulationError {
  constructor(readonly issues: string[]) {
    super(SIM_ERROR_CODES.scenarioInvalid, `invalid scenario: ${issues.join('; ')}`);
  }
}
