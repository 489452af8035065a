/**
 * The round loop. Per round: wait for `minAvailable` clients, sample `fractionFit` (≥ `minFit`) of
 * them with a seeded RNG, send FitIns, fold each validated result into the strategy's streaming
 * aggregate as it arrives, stop waiting at the deadline; commit with ≥ `minFitResults` results, else
 * retry with a fresh sample. Every `evaluateEvery` rounds, a federated evaluation over a sample.
 * Partial failure is normal: a client's failure is recorded, never thrown out of the round.
 */
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import type { ConfigMap, EvaluateIns, FitIns, Parameters } from '@quakefed/proto';
import type { RoundRecord } from './checkpoint/store.js';
import type { ClientManager } from './client-manager.js';
import { deadlineSignal, pause } from './deadline.js';
import { TASK_STATUS_CODES } from '@quakefed/proto';
import {
  AggregationError,
  ClientFailureError,
  COORDINATOR_ERROR_CODES,
  CoordinatorError,
  TaskRefusedError,
} from './errors.js';
import type { CoordinatorOptions } from './defaults.js';
import type { Logger } from '@quakefed/core';
import { validateEvaluateRes, validateFitRes } from './result-validation.js';
import { sampleClients, samplingRng, type SamplePurpose } from './sampling.js';
import type {
  ClientFailure,
  ClientInstruction,
  EvaluateResult,
  FitAggregate,
  FitAggregator,
  RoundMetrics,
  Strategy,
} from './strategy/types.js';
import type { ClientProxy } from './transport/types.js';
import type { CoordinatorEventSink } from './events.js';

/** What the engine is doing. */
export type EnginePhase = 'idle' | 'waiting' | 'fit' | 'evaluate' | 'checkpoint' | 'done' | 'stopped';

/** The committed state: last committed round, its global model and the history. */
export interface EngineState {
  round: number;
  parameters: Parameters;
  history: RoundRecord[];
}

/** Collaborators of the engine. */
export interface RoundEngineDeps {
  strategy: Strategy;
  clients: ClientManager;
  options: CoordinatorOptions;
  logger: Logger;
  initial: EngineState;
  /** Persists a committed round (checkpoint); awaited before the next round starts. */
  onCommit: (state: EngineState) => Promise<void>;
  /** Hears the engine's events (default: nobody). */
  events?: CoordinatorEventSink;
}

/** Snapshot for `/status`. */
export interface EngineStatus {
  round: number;
  rounds: number;
  modelVersion: number;
  phase: EnginePhase;
  attempt: number;
  sampledClients: string[];
  lastFit: RoundMetrics | null;
  lastEvaluate: RoundMetrics | null;
}

/** Runs the configured rounds over the connected clients; see the file comment for one round's steps. */
export class RoundEngine {
  private state: EngineState;
  private phase: EnginePhase = 'idle';
  private attempt = 0;
  private sampled: string[] = [];
  /** Clients that missed a fit deadline, and the first round they may be sampled in again. */
  private readonly coolingUntil = new Map<string, number>();

  constructor(private readonly deps: RoundEngineDeps) {
    this.state = deps.initial;
  }

  /** The current global model (version = last committed round). */
  get parameters(): Parameters {
    return this.state.parameters;
  }

  /** Last committed round. */
  get round(): number {
    return this.state.round;
  }

  get history(): readonly RoundRecord[] {
    return this.state.history;
  }

  status(): EngineStatus {
    const last = this.state.history.at(-1);
    const lastEval = this.state.history.findLast((r) => r.evaluate !== null);
    return {
      round: this.state.round,
      rounds: this.deps.options.rounds,
      modelVersion: this.state.round,
      phase: this.phase,
      attempt: this.attempt,
      sampledClients: [...this.sampled],
      lastFit: last?.fit ?? null,
      lastEvaluate: lastEval?.evaluate ?? null,
    };
  }

  /** Runs rounds until `options.rounds` are committed; rejects with `signal.reason` when stopped. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      while (this.state.round < this.deps.options.rounds) await this.runRound(this.state.round + 1, signal);
      this.phase = 'done';
      this.deps.logger.info('training_complete', { round: this.state.round });
    } catch (err) {
      this.phase = 'stopped';
      throw err;
    }
  }

  private async runRound(round: number, signal: AbortSignal): Promise<void> {
    const { options, logger } = this.deps;
    let refusedInARow = 0;
    for (let attempt = 1; ; attempt++) {
      this.attempt = attempt;
      const { aggregator, failures, sampled } = await this.fitAttempt(round, attempt, signal);
      if (aggregator.count >= options.minFitResults) {
        const aggregate = this.finishFit(round, attempt, aggregator, failures);
        if (aggregate) {
          await this.commit(round, attempt, aggregate.parameters, aggregate.metrics, signal);
          return;
        }
      }
      refusedInARow =
        aggregator.count === 0 && failures.length === sampled && failures.every(isRefusal) ? refusedInARow + 1 : 0;
      if (refusedInARow >= options.maxRefusedAttempts) {
        const reason = failures[0]!.error.message;
        throw new CoordinatorError(
          COORDINATOR_ERROR_CODES.roundRefused,
          `round ${round}: every sampled client refused the task ${refusedInARow} times in a row (${reason})`,
        );
      }
      const retry = {
        round,
        attempt,
        results: aggregator.count,
        failures: failures.length,
        needed: options.minFitResults,
      };
      logger.warn('round_retry', retry);
      this.deps.events?.emit('roundRetried', retry);
      await pause(options.retryDelayMs, signal);
    }
  }

  /**
   * The round's aggregate, or null when the strategy refuses it (AggregationError: e.g. a non-finite
   * model): the global model stays as it is and the round is retried, rather than the run failing.
   */
  private finishFit(
    round: number,
    attempt: number,
    aggregator: FitAggregator,
    failures: readonly ClientFailure[],
  ): FitAggregate | null {
    const { logger } = this.deps;
    try {
      const aggregate = aggregator.finish(failures);
      for (const warning of aggregate?.warnings ?? []) logger.warn('aggregate_warning', { round, attempt, warning });
      return aggregate;
    } catch (err) {
      if (!(err instanceof AggregationError)) throw err;
      logger.warn('aggregate_refused', { round, attempt, error: err });
      return null;
    }
  }

  private async fitAttempt(
    round: number,
    attempt: number,
    signal: AbortSignal,
  ): Promise<{ aggregator: FitAggregator; failures: ClientFailure[]; sampled: number }> {
    const { options, strategy, clients, logger } = this.deps;
    this.phase = 'waiting';
    this.sampled = [];
    await clients.waitForClients(options.minAvailable, signal);
    const sample = this.sample(round, attempt, 'fit', options.fractionFit, options.minFit);
    this.phase = 'fit';
    logger.info('fit_started', { round, attempt, sampled: this.sampled });
    this.deps.events?.emit('roundStarted', { round, attempt, sampled: [...this.sampled] });
    const global = this.state.parameters;
    const modelVersion = this.state.round;
    const aggregator = strategy.beginFit(round, global);
    const instructions = strategy.configureFit(
      round,
      global,
      sample.map((p) => p.info),
    );
    const message = sharedMessages<FitIns>((config) => ({
      kind: 'fitIns',
      round,
      modelVersion,
      parameters: global,
      config,
    }));
    const what = `fit round ${round}`;
    const failures = await this.fanOut(
      sample,
      instructions,
      options.roundDeadlineMs,
      what,
      signal,
      async (proxy, ins, deadline) => {
        const res = await proxy.fit(message(ins), deadline);
        aggregator.add(validateFitRes(proxy.info.id, res, round, modelVersion, global));
        logger.debug('fit_result', { round, clientId: proxy.info.id, numExamples: res.numExamples });
      },
    );
    for (const { clientId, error } of failures) {
      if ((error as { code?: string }).code === COORDINATOR_ERROR_CODES.deadlineExceeded) {
        this.coolingUntil.set(clientId, round + 1 + options.deadlineCooldownRounds);
      }
    }
    return { aggregator, failures, sampled: sample.length };
  }

  private async commit(
    round: number,
    attempts: number,
    parameters: Parameters,
    fit: RoundMetrics,
    signal: AbortSignal,
  ): Promise<void> {
    const { options, logger } = this.deps;
    const record: RoundRecord = { round, attempts, fit, evaluate: null, committedAt: new Date().toISOString() };
    this.state = { round, parameters, history: [...this.state.history, record] };
    if (options.evaluateEvery > 0 && round % options.evaluateEvery === 0) {
      record.evaluate = await this.evaluate(round, signal);
    }
    this.phase = 'checkpoint';
    await this.deps.onCommit(this.state);
    logger.info('round_committed', { round, attempts, fit, evaluate: record.evaluate });
    this.deps.events?.emit('roundCommitted', { round, attempts, fit, evaluate: record.evaluate, parameters });
  }

  /** Federated (and optional server-side) evaluation of the model committed in `round`. */
  private async evaluate(round: number, signal: AbortSignal): Promise<RoundMetrics | null> {
    const { options, strategy, clients, logger } = this.deps;
    if (clients.count < options.minEvaluate) {
      logger.warn('evaluate_skipped', { round, connected: clients.count, needed: options.minEvaluate });
      return null;
    }
    this.phase = 'evaluate';
    const sample = this.sample(round, 1, 'evaluate', options.fractionEvaluate, options.minEvaluate);
    const global = this.state.parameters;
    const instructions = strategy.configureEvaluate(
      round,
      global,
      sample.map((p) => p.info),
    );
    const message = sharedMessages<EvaluateIns>((config) => ({
      kind: 'evaluateIns',
      round,
      modelVersion: round,
      parameters: global,
      config,
    }));
    const results: EvaluateResult[] = [];
    const what = `evaluate round ${round}`;
    const failures = await this.fanOut(
      sample,
      instructions,
      options.evaluateDeadlineMs,
      what,
      signal,
      async (proxy, ins, deadline) => {
        const res = await proxy.evaluate(message(ins), deadline);
        results.push(validateEvaluateRes(proxy.info.id, res, round, round));
      },
    );
    const federated = strategy.aggregateEvaluate(round, results, failures);
    const server = strategy.evaluate ? await strategy.evaluate(round, global) : null;
    if (!federated && !server) return null;
    const prefixed = Object.fromEntries(Object.entries(server ?? {}).map(([k, v]) => [`server_${k}`, v]));
    return { ...federated, ...prefixed };
  }

  /**
   * The clients of a fit or evaluation sample. Clients cooling down after a missed fit deadline are left
   * out — a silent client would otherwise hold every round it is drawn into for the whole deadline —
   * unless too few others are connected to reach `min`.
   */
  private sample(round: number, attempt: number, purpose: SamplePurpose, fraction: number, min: number): ClientProxy[] {
    const rng = samplingRng(this.deps.options.seed, round, attempt, purpose);
    const connected = this.deps.clients.list();
    const ready = connected.filter((p) => (this.coolingUntil.get(p.info.id) ?? 0) <= round);
    const sample = sampleClients(ready.length >= min ? ready : connected, fraction, min, rng);
    this.sampled = sample.map((p) => p.info.id);
    return sample;
  }

  /**
   * Sends each instruction to its client and runs `handle` on the reply, all concurrently, until every
   * client answered or the deadline passed. @returns the clients that failed (any reason)
   */
  private async fanOut(
    sample: readonly ClientProxy[],
    instructions: readonly ClientInstruction[],
    deadlineMs: number,
    what: string,
    signal: AbortSignal,
    handle: (proxy: ClientProxy, ins: ClientInstruction, deadline: AbortSignal) => Promise<void>,
  ): Promise<ClientFailure[]> {
    const byId = new Map(sample.map((p) => [p.info.id, p]));
    const failures: ClientFailure[] = [];
    const deadline = deadlineSignal(signal, deadlineMs, what);
    // Every in-flight client waits on this one signal with its own abort listener (removed when its
    // reply arrives), so a round legitimately holds as many listeners as it sampled clients; Node's
    // leak warning at 11 would fire for any sample above 10.
    setMaxListeners(Math.max(defaultMaxListeners, instructions.length + 1), deadline.signal);
    try {
      await Promise.all(
        instructions.map(async (ins) => {
          try {
            const proxy = byId.get(ins.clientId);
            if (!proxy)
              throw new ClientFailureError(
                COORDINATOR_ERROR_CODES.unknownClient,
                `strategy instructed unsampled client ${ins.clientId}`,
              );
            await handle(proxy, ins, deadline.signal);
          } catch (err) {
            const error = err instanceof Error ? err : new Error(String(err));
            failures.push({ clientId: ins.clientId, error });
            if (!signal.aborted) {
              this.deps.logger.warn('client_failed', { what, clientId: ins.clientId, error });
              this.deps.events?.emit('clientFailed', { what, clientId: ins.clientId, error });
            }
          }
        }),
      );
    } finally {
      deadline.dispose();
    }
    if (signal.aborted) throw signal.reason;
    return failures;
  }
}

/** Status codes of a client that may take the same task later (a retry can succeed). */
const TRANSIENT_STATUS_CODES: ReadonlySet<string> = new Set([TASK_STATUS_CODES.busy, TASK_STATUS_CODES.stopped]);

/** Whether a client answered the task itself with a refusal that a retry of the same task would meet again. */
function isRefusal(failure: ClientFailure): boolean {
  return failure.error instanceof TaskRefusedError && !TRANSIENT_STATUS_CODES.has(failure.error.statusCode);
}

/** One message object per distinct config, so a transport can encode it once for all its clients. */
function sharedMessages<M>(build: (config: ConfigMap) => M): (ins: ClientInstruction) => M {
  const byConfig = new Map<string, M>();
  return (ins) => {
    const key = JSON.stringify(ins.config);
    let message = byConfig.get(key);
    if (!message) {
      message = build(ins.config);
      byConfig.set(key, message);
    }
    return message;
  };
}
