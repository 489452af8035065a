/**
 * What a task reply may carry. Every task gets an answer — a failed status rather than silence, which
 * would leave the round waiting for its deadline — and no answer carries NaN or ±Infinity: a metric
 * that cannot be computed is left out.
 */
import type { ConfigMap, Message, Parameters, TaskStatus } from '@quakefed/proto';
import type { WindowSet } from '@quakefed/seismic';
import { ClientError, CLIENT_ERROR_CODES } from './errors.js';

/** A task reply message. */
export type TaskReply = Extract<Message, { kind: 'fitRes' | 'evaluateRes' }>;

/** A failed status. */
export type FailedStatus = Exclude<TaskStatus, { ok: true }>;

/** The failure reply (empty parameters, zero counts) to the task answered by a `kind` message. */
export function failedReply(
  kind: TaskReply['kind'],
  round: number,
  modelVersion: number,
  status: FailedStatus,
): TaskReply {
  const common = { round, modelVersion, metrics: {}, status };
  if (kind === 'fitRes') return { kind, ...common, parameters: [], numExamples: 0 };
  return {
    kind,
    ...common,
    loss: 0,
    numExamples: 0,
    confusion: { tp: 0, fp: 0, fn: 0, tn: 0 },
    histogram: { bins: 1, positive: [0], negative: [0] },
  };
}

/** `metrics` without its non-finite numbers. */
export function finiteMetrics(metrics: ConfigMap): ConfigMap {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v !== 'number' || Number.isFinite(v)));
}

/**
 * Checks that a task has data to work on.
 * @throws ClientError `QF_ERR_INSUFFICIENT_DATA` (the coordinator counts it as this client's failure, at once)
 */
export function requireWindows(data: WindowSet, use: 'training' | 'evaluation'): void {
  if (data.count === 0) {
    throw new ClientError(
      CLIENT_ERROR_CODES.insufficientData,
      `insufficient data: no labelled windows for ${use} in this station's data`,
    );
  }
}

/**
 * Checks an evaluation's loss (a required number of the reply).
 * @throws ClientError `QF_ERR_BAD_TASK` when the global model gives a non-finite loss on the local data
 */
export function requireFiniteLoss(loss: number): void {
  if (!Number.isFinite(loss))
    throw new ClientError(
      CLIENT_ERROR_CODES.badTask,
      `the global model gives a non-finite loss (${loss}) on this station's data`,
    );
}

/**
 * Checks trained weights before they are sent (the coordinator would refuse them at decoding, and the
 * round would see a dropped connection instead of a reason).
 * @throws ClientError `QF_ERR_TRAINING_DIVERGED` naming the first tensor with NaN or ±Infinity
 */
export function requireFiniteParameters(parameters: Parameters): void {
  for (const tensor of parameters) {
    if (!tensor.data.every(Number.isFinite)) {
      throw new ClientError(
        CLIENT_ERROR_CODES.trainingDiverged,
        `local training diverged: tensor "${tensor.name}" is not finite`,
      );
    }
  }
}
