/**
 * The federated client of one gateway: says Hello, answers FitIns with local training and EvaluateIns
 * with local evaluation, honours Reconnect, and stops cleanly (finish or abandon the running task, say
 * Bye). Data never leaves: only weights, counts and histograms are sent.
 */
import { EventEmitter } from 'node:events';
import type { EvaluateIns, FitIns, Message, Parameters, TensorEncoding } from '@quakefed/proto';
import { TENSOR_ENCODINGS } from '@quakefed/proto';
import { countPositives, createRng } from '@quakefed/seismic';
import { Connection } from './connection.js';
import type { DataSource } from './data-source.js';
import {
  CLIENT_BEHAVIOUR_DEFAULTS,
  CONNECTION_DEFAULTS,
  DATA_BUDGET_DEFAULTS,
  validateBudget,
  validateConnectionOptions,
  type ClientBehaviourOptions,
  type ConnectionOptions,
  type DataBudget,
} from './defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from './errors.js';
import { silentLogger, type Logger } from '@quakefed/core';
import { budgetFromConfig, evaluationSettings, miningOptions, trainOptionsFromConfig } from './task-config.js';
import {
  failedReply,
  finiteMetrics,
  requireFiniteLoss,
  requireFiniteParameters,
  requireWindows,
  type FailedStatus,
} from './task-reply.js';
import { InProcessTrainer, type Trainer } from './trainer.js';

/** Everything a client is configured with; only `server` and `stationIds` are required. */
export interface ClientOptions extends ConnectionOptions, ClientBehaviourOptions {
  budget: DataBudget;
}

/** `server` and `stationIds` required, everything else defaulted. */
export type ClientOptionsInput = Pick<ClientOptions, 'server' | 'stationIds'> &
  Partial<Omit<ClientOptions, 'budget'>> & { budget?: Partial<DataBudget> };

/** Collaborators of a client; all but `source` have defaults. */
export interface ClientDependencies {
  source: DataSource;
  /** Default: an in-process tfjs trainer. */
  trainer?: Trainer;
  logger?: Logger;
}

/** Events a client emits (for supervisors, the simulator and tests). */
export interface ClientEvents {
  welcome: [{ sessionId: string }];
  fitDone: [{ round: number; ok: boolean; numExamples: number }];
  evaluateDone: [{ round: number; ok: boolean }];
  disconnected: [{ code: number; reconnectInMs: number | null }];
}

/** Merges and validates client options (throws QF_ERR_CLIENT_OPTIONS). */
export function resolveClientOptions(input: ClientOptionsInput): ClientOptions {
  const budget: DataBudget = { ...DATA_BUDGET_DEFAULTS, ...input.budget };
  // A small budget with the default negative floor is not a contradiction: the floor follows it down.
  if (input.budget?.minNegatives === undefined) budget.minNegatives = Math.min(budget.minNegatives, budget.maxWindows);
  const options: ClientOptions = { ...CONNECTION_DEFAULTS, ...CLIENT_BEHAVIOUR_DEFAULTS, ...input, budget };
  validateConnectionOptions(options);
  validateBudget(options.budget);
  if (options.stationIds.length === 0) {
    throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'at least one station id is required');
  }
  return options;
}

/** 32-bit FNV-1a of a string: a stable per-client seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * One gateway's federated client. `start()` connects and from then on reconnects by itself; FitIns and
 * EvaluateIns are served one at a time (a second one is refused as busy); `stop()` shuts down gracefully.
 * Nothing it does throws out of a socket or timer callback: failures become failed task replies or logs.
 */
export class FederatedClient extends EventEmitter<ClientEvents> {
  readonly options: ClientOptions;
  readonly clientId: string;
  private readonly source: DataSource;
  private readonly trainer: Trainer;
  private readonly logger: Logger;
  private readonly connection: Connection;
  private tensorEncoding: TensorEncoding = 'f32';
  /** The task being worked on (one at a time); resolves when its reply has been sent or dropped. */
  private current: Promise<void> | null = null;
  /** Set when the running task must not report a result any more (shutdown gave up waiting). */
  private abandoned = false;
  /** Last global model received, for EvaluateIns that carry no parameters. */
  private globalModel: { version: number; parameters: Parameters } | null = null;
  private stopping = false;

  constructor(input: ClientOptionsInput, deps: ClientDependencies) {
    super();
    this.options = resolveClientOptions(input);
    this.clientId = this.options.clientId ?? this.options.stationIds[0]!;
    this.source = deps.source;
    this.trainer = deps.trainer ?? new InProcessTrainer();
    this.logger = deps.logger ?? silentLogger;
    const jitter = this.options.jitterSeed === undefined ? Math.random : seededUniform(this.options.jitterSeed);
    this.connection = new Connection(
      this.options,
      {
        onOpen: () => void this.sayHello(),
        onMessage: (m) => this.handle(m),
        onClose: ({ code, reconnectInMs }) => this.emit('disconnected', { code, reconnectInMs }),
      },
      this.logger,
      jitter,
    );
  }

  /** Connects; from here on the client reconnects by itself until `stop()`. */
  async start(): Promise<void> {
    // Resolve the backend before the first Hello so capabilities are truthful.
    await this.trainer.backend();
    // A stop() (SIGTERM) that came while the backend loaded wins: no socket may open after it, or the
    // gateway process would never exit.
    if (this.stopping) return;
    this.connection.start();
  }

  /**
   * Graceful shutdown: stop taking tasks (new ones are refused with QF_ERR_CLIENT_STOPPED), give the
   * running one `shutdownGraceMs` to finish and report, otherwise abandon it (its result is never sent;
   * the coordinator counts the disconnect as this client's failure); say Bye and close. Idempotent.
   */
  async stop(reason = 'shutdown'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const running = this.current;
    if (running) {
      const finished = await Promise.race([
        running.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), this.options.shutdownGraceMs).unref()),
      ]);
      if (!finished) {
        this.abandoned = true;
        this.logger.warn('task_abandoned', { reason });
      }
    }
    await this.connection.stop({ kind: 'bye', reason });
    await this.trainer.dispose();
    this.logger.info('stopped', { reason });
  }

  private async sayHello(): Promise<void> {
    try {
      const [summary, backend] = await Promise.all([this.source.summary(), this.trainer.backend()]);
      this.connection.send({
        kind: 'hello',
        clientId: this.clientId,
        stationIds: [...this.options.stationIds],
        capabilities: {
          backend,
          tensorEncodings: [...TENSOR_ENCODINGS],
          maxMessageBytes: this.options.maxMessageBytes,
        },
        dataSummary: summary,
      });
    } catch (err) {
      this.logger.error('hello_failed', { error: (err as Error).message });
    }
  }

  private handle(message: Message): void {
    switch (message.kind) {
      case 'welcome':
        this.tensorEncoding = message.tensorEncoding;
        this.connection.established(message.heartbeatIntervalMs);
        this.logger.info('welcome', { sessionId: message.sessionId });
        this.emit('welcome', { sessionId: message.sessionId });
        return;
      case 'fitIns':
      case 'evaluateIns':
        this.accept(message);
        return;
      case 'reconnect':
        this.logger.info('reconnect_requested', { delayMs: message.delayMs, reason: message.reason });
        this.connection.reconnectAfter(message.delayMs, message.reason);
        return;
      case 'error':
        this.logger.warn('server_error', { code: message.code, message: message.message });
        return;
      case 'bye':
        this.logger.info('server_bye', { reason: message.reason });
        return;
      case 'heartbeat':
        return;
      default:
        this.logger.warn('unexpected_message', { kind: message.kind });
    }
  }

  /** Starts a task, or refuses it at once when busy or stopping (the round need not wait for us). */
  private accept(task: FitIns | EvaluateIns): void {
    if (this.current || this.stopping) {
      const code = this.stopping ? CLIENT_ERROR_CODES.stopped : CLIENT_ERROR_CODES.busy;
      this.reply(task, { ok: false, code, message: this.stopping ? 'client is stopping' : 'another task is running' });
      return;
    }
    this.abandoned = false;
    const run = task.kind === 'fitIns' ? this.fit(task) : this.evaluate(task);
    // fit/evaluate catch their own failures; this catch only keeps a bug there from becoming an
    // unhandled rejection, which would kill an unattended gateway.
    this.current = run
      .catch((err: unknown) => this.logger.error('task_failed', { kind: task.kind, error: String(err) }))
      .finally(() => {
        this.current = null;
      });
  }

  private async fit(task: FitIns): Promise<void> {
    const started = Date.now();
    try {
      const options = trainOptionsFromConfig(task.config, (hashString(this.clientId) ^ task.round) >>> 0);
      const budget = budgetFromConfig(task.config, this.options.budget);
      this.globalModel = { version: task.modelVersion, parameters: task.parameters };
      const data = await this.source.trainingWindows(task.round, budget);
      requireWindows(data, 'training');
      const outcome = await this.trainer.fit({
        parameters: task.parameters,
        data,
        options: miningOptions(options, data.labels, budget),
      });
      requireFiniteParameters(outcome.parameters);
      const metrics = finiteMetrics({
        ...outcome.metrics,
        trainSeconds: (Date.now() - started) / 1000,
        positives: countPositives(data.labels),
      });
      this.send(
        {
          kind: 'fitRes',
          round: task.round,
          modelVersion: task.modelVersion,
          parameters: outcome.parameters,
          numExamples: outcome.numExamples,
          metrics,
          status: { ok: true },
        },
        { round: task.round, ok: true, numExamples: outcome.numExamples },
      );
    } catch (err) {
      const status = statusOf(err);
      this.logger.error('fit_failed', { round: task.round, code: status.code, error: status.message });
      this.reply(task, status);
    }
  }

  private async evaluate(task: EvaluateIns): Promise<void> {
    try {
      const { threshold, bins } = evaluationSettings(task.config, {
        threshold: this.options.evaluationThreshold,
        bins: this.options.histogramBins,
      });
      const parameters = task.parameters.length > 0 ? task.parameters : this.heldModel(task.modelVersion);
      const data = await this.source.evaluationWindows();
      requireWindows(data, 'evaluation');
      const outcome = await this.trainer.evaluate({ parameters, data, threshold, bins });
      requireFiniteLoss(outcome.loss);
      this.send(
        {
          kind: 'evaluateRes',
          round: task.round,
          modelVersion: task.modelVersion,
          loss: outcome.loss,
          numExamples: outcome.numExamples,
          confusion: outcome.confusion,
          histogram: outcome.histogram,
          metrics: { threshold },
          status: { ok: true },
        },
        { round: task.round, ok: true },
      );
    } catch (err) {
      const status = statusOf(err);
      this.logger.error('evaluate_failed', { round: task.round, code: status.code, error: status.message });
      this.reply(task, status);
    }
  }

  private heldModel(version: number): Parameters {
    if (this.globalModel?.version !== version) {
      throw new ClientError(CLIENT_ERROR_CODES.badTask, `no parameters sent and model version ${version} is not held`);
    }
    return this.globalModel.parameters;
  }

  /** A failure reply (empty parameters, zero counts) for a task. */
  private reply(task: FitIns | EvaluateIns, status: FailedStatus): void {
    const kind = task.kind === 'fitIns' ? 'fitRes' : 'evaluateRes';
    this.send(failedReply(kind, task.round, task.modelVersion, status), {
      round: task.round,
      ok: false,
      numExamples: 0,
    });
  }

  /** Sends a task reply unless the task was abandoned; a reply to a closed socket is dropped (logged). */
  private send(
    message: Extract<Message, { kind: 'fitRes' | 'evaluateRes' }>,
    event: { round: number; ok: boolean; numExamples?: number },
  ): void {
    if (this.abandoned) {
      this.logger.info('result_dropped', { kind: message.kind, round: message.round, why: 'abandoned' });
      return;
    }
    let outcome = this.connection.send(message, this.tensorEncoding);
    const sent = outcome === 'sent';
    if (outcome === 'unencodable') {
      // The round would otherwise wait for this result until its deadline: say why there is none.
      const status: FailedStatus = {
        ok: false,
        code: CLIENT_ERROR_CODES.unencodableResult,
        message: 'the result could not be encoded (see the encode_failed log line)',
      };
      outcome = this.connection.send(failedReply(message.kind, message.round, message.modelVersion, status));
    }
    if (outcome === 'closed')
      this.logger.warn('result_dropped', { kind: message.kind, round: message.round, why: 'disconnected' });
    // A throwing listener must not turn a sent result into a second, failed reply.
    try {
      if (message.kind === 'fitRes')
        this.emit('fitDone', { round: event.round, ok: event.ok && sent, numExamples: event.numExamples ?? 0 });
      else this.emit('evaluateDone', { round: event.round, ok: event.ok && sent });
    } catch (err) {
      this.logger.error('listener_failed', { kind: message.kind, error: (err as Error).message });
    }
  }
}

/** The failed status of a task that threw `err` (anything may be thrown: a trainer may reject with a non-Error). */
function statusOf(err: unknown): FailedStatus {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return {
    ok: false,
    code: typeof code === 'string' && code.startsWith('QF_ERR_') ? code : CLIENT_ERROR_CODES.badTask,
    message: err instanceof Error ? err.message : String(err),
  };
}

function seededUniform(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}
