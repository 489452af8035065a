/**
 * Checks a client's reply before it may touch the global model. The proto layer already guarantees
 * well-formed, finite tensors; here: task status, round and model version, names/shapes equal to the
 * global model's, and a usable example count.
 */
import type { EvaluateRes, FitRes, Parameters } from '@quakefed/proto';
import { assertSameLayout } from './aggregate.js';
import { ClientFailureError, COORDINATOR_ERROR_CODES, TaskRefusedError } from './errors.js';
import type { EvaluateResult, FitResult } from './strategy/types.js';

function checkEnvelope(clientId: string, res: FitRes | EvaluateRes, round: number, modelVersion: number): void {
  if (!res.status.ok) {
    const { code, message } = res.status;
    throw new TaskRefusedError(code, `client ${clientId} failed: ${code}: ${message}`);
  }
  if (res.round !== round || res.modelVersion !== modelVersion) {
    throw new ClientFailureError(
      COORDINATOR_ERROR_CODES.roundMismatch,
      `client ${clientId} answered round ${res.round} v${res.modelVersion}, expected round ${round} v${modelVersion}`,
    );
  }
}

/**
 * The usable fit result in `res`.
 * @throws ClientFailureError (status, round/version) or AggregationError (layout) or ClientFailureError for a bad count
 */
export function validateFitRes(
  clientId: string,
  res: FitRes,
  round: number,
  modelVersion: number,
  global: Parameters,
): FitResult {
  checkEnvelope(clientId, res, round, modelVersion);
  assertSameLayout(global, res.parameters);
  if (!Number.isSafeInteger(res.numExamples) || res.numExamples <= 0) {
    throw new ClientFailureError(
      COORDINATOR_ERROR_CODES.clientFailed,
      `client ${clientId}: num_examples ${res.numExamples} is not a positive integer`,
    );
  }
  return { clientId, parameters: res.parameters, numExamples: res.numExamples, metrics: res.metrics };
}

/** The usable evaluation in `res`. @throws ClientFailureError */
export function validateEvaluateRes(
  clientId: string,
  res: EvaluateRes,
  round: number,
  modelVersion: number,
): EvaluateResult {
  checkEnvelope(clientId, res, round, modelVersion);
  if (!Number.isSafeInteger(res.numExamples) || res.numExamples < 0 || !Number.isFinite(res.loss)) {
    throw new ClientFailureError(
      COORDINATOR_ERROR_CODES.clientFailed,
      `client ${clientId}: unusable evaluation counts`,
    );
  }
  const { numExamples, loss, confusion, metrics } = res;
  const histogram = res.histogram.bins > 0 ? res.histogram : undefined;
  return { clientId, numExamples, loss, confusion, histogram, metrics };
}
