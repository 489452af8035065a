/**
 * The coordinator process: HTTP + WebSocket on one port, the round engine, checkpoints and resume.
 *
 * Start-up: lock `stateDir` (one coordinator per state dir), load its newest checkpoint (a corrupt one
 * stops start-up unless `recover` says otherwise) or build the initial model and checkpoint it as round
 * 0; listen; run rounds in the background.
 * Shutdown (`stop`): stop the engine between awaits (a checkpoint being written is finished, so the
 * newest checkpoint on disk is always valid), say Bye to every client, close the servers, unlock.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { OperatingPoints } from '@quakefed/model';
import { layersModelJson, tensorBytes, type ModelDescription } from '@quakefed/model/layers-format';
import { encodeMessage, type Parameters } from '@quakefed/proto';
import { AccessGate } from './auth/gate.js';
import { TokenStore } from './auth/tokens.js';
import { lockStateDir, type StateDirLock } from './checkpoint/state-lock.js';
import { CheckpointStore, type Checkpoint } from './checkpoint/store.js';
import { ClientManager } from './client-manager.js';
import {
  MIN_PAYLOAD_BYTES,
  MODEL_JSON_GENERATOR,
  PAYLOAD_MODEL_MULTIPLE,
  RESTART_RECONNECT_DELAY_MS,
} from './constants.js';
import { resolveCoordinatorOptions, type CoordinatorOptions } from './defaults.js';
import { COORDINATOR_ERROR_CODES, CoordinatorError, OptionsError } from './errors.js';
import { handleHttp, needsReadAccess, refuseRead, type ServedModel } from './http-routes.js';
import { createLogger, type Logger } from '@quakefed/core';
import { buildInitialModel, loadInitialModel } from './model-source.js';
import { RoundEngine, type EngineState, type EngineStatus } from './round-engine.js';
import type { CoordinatorEvents } from './events.js';
import { createStrategy } from './strategy/factory.js';
import type { Strategy } from './strategy/types.js';
import { WebSocketTransport } from './transport/websocket-server.js';

/** Programmatic overrides of what the options would build. */
export interface CoordinatorDeps {
  /** Strategy instance (default: built from `options.strategy`). */
  strategy?: Strategy;
  /** Initial global model when no checkpoint exists (default: `options.initialModel`'s, else the strategy's, else built from `options.model`). */
  initialParameters?: Parameters;
  /** Logger (default: JSON lines on stderr at `options.logLevel`). */
  logger?: Logger;
}

/** `/status` body. */
export interface CoordinatorStatus extends EngineStatus {
  strategy: string;
  connected: number;
  connectedClients: { id: string; stationIds: readonly string[] }[];
}

/** Where the coordinator listens. */
export interface ListenAddress {
  host: string;
  port: number;
  /** `ws://host:port` (`wss://` with TLS) for clients. */
  url: string;
}

/** Bytes of a FitIns carrying `parameters` (its config aside, a few bytes): what every client is sent. */
function encodedFitInsBytes(parameters: Parameters): number {
  return encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 0, parameters, config: {} }).byteLength;
}

/** A coordinator: construct with options, `start()` to listen and run rounds, `stop()` to shut down. */
export class Coordinator extends EventEmitter<CoordinatorEvents> {
  readonly options: CoordinatorOptions;
  readonly logger: Logger;
  readonly strategy: Strategy;
  private readonly clients: ClientManager;
  private readonly store: CheckpointStore | null;
  private readonly abort = new AbortController();
  private engine: RoundEngine | null = null;
  private http: Server | TlsServer | null = null;
  private transport: WebSocketTransport | null = null;
  private model: ModelDescription | null = null;
  /** Operating points of the initial model directory (served while the global model has its weights). */
  private operatingPoints: OperatingPoints | null = null;
  private served: ServedModel | null = null;
  private running: Promise<void> | null = null;
  private starting: Promise<unknown> | null = null;
  private lock: StateDirLock | null = null;

  /** @throws OptionsError for invalid or contradictory options */
  constructor(
    options: Partial<CoordinatorOptions> = {},
    private readonly deps: CoordinatorDeps = {},
  ) {
    super();
    this.options = resolveCoordinatorOptions(options);
    this.logger = deps.logger ?? createLogger({ level: this.options.logLevel });
    this.strategy = deps.strategy ?? createStrategy(this.options.strategy);
    this.clients = new ClientManager(this.logger);
    this.store = this.options.stateDir
      ? new CheckpointStore(this.options.stateDir, {
          keep: this.options.keepCheckpoints,
          logger: this.logger,
          recover: this.options.recover,
        })
      : null;
  }

  /** Restores or initialises state, listens, and starts the rounds in the background. */
  start(): Promise<ListenAddress> {
    const starting = this.startServing();
    // `stop` waits for this, so a stop during start-up still closes the server start-up opens.
    this.starting = starting.catch(() => {});
    return starting;
  }

  private async startServing(): Promise<ListenAddress> {
    if (this.options.stateDir) {
      this.lock = await lockStateDir(this.options.stateDir, (holder) =>
        this.logger.warn('state_dir_lock_stale', { ...holder }),
      );
    }
    try {
      return await this.startRounds();
    } catch (err) {
      await this.lock?.release();
      throw err;
    }
  }

  private async startRounds(): Promise<ListenAddress> {
    const initial = await this.restoreOrInitialise();
    this.engine = new RoundEngine({
      strategy: this.strategy,
      clients: this.clients,
      options: this.options,
      logger: this.logger,
      initial,
      onCommit: (state) => this.checkpoint(state),
      events: this,
    });
    const address = await this.listen();
    this.running = this.engine.run(this.abort.signal).catch((err: unknown) => {
      if (this.abort.signal.aborted) return;
      this.logger.error('engine_failed', { error: err });
      throw err;
    });
    this.running.catch(() => {}); // observed through `finished`
    return address;
  }

  /** Resolves when all configured rounds are committed; rejects if the engine failed. */
  get finished(): Promise<void> {
    if (!this.running)
      return Promise.reject(new CoordinatorError(COORDINATOR_ERROR_CODES.notStarted, 'coordinator not started'));
    return this.running;
  }

  /** Stops rounds, says Bye to every client and closes the servers. Idempotent. */
  async stop(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.logger.info('stopping', { round: this.engine?.round });
    this.abort.abort(new CoordinatorError(COORDINATOR_ERROR_CODES.stopped, 'coordinator stopping'));
    await this.starting;
    await this.running?.catch(() => {});
    // Rounds left: this is a restart or an interruption, so the clients are asked to come back; a
    // finished federation says goodbye.
    if (this.engine?.status().phase === 'done') this.clients.byeAll('coordinator shutting down');
    else this.clients.reconnectAll(RESTART_RECONNECT_DELAY_MS, 'coordinator restarting');
    this.transport?.close();
    if (this.http) {
      const http = this.http;
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    }
    await this.lock?.release();
    this.logger.info('stopped', { round: this.engine?.round });
  }

  /** Round, phase, connected and sampled clients, last metrics. */
  status(): CoordinatorStatus {
    const clients = this.clients.list();
    return {
      ...this.requireEngine().status(),
      strategy: this.strategy.name,
      connected: clients.length,
      connectedClients: clients.map((c) => ({ id: c.info.id, stationIds: c.info.stationIds })),
    };
  }

  /** The current global model (version = last committed round). */
  get parameters(): Parameters {
    return this.requireEngine().parameters;
  }

  private requireEngine(): RoundEngine {
    if (!this.engine) throw new CoordinatorError(COORDINATOR_ERROR_CODES.notStarted, 'coordinator not started');
    return this.engine;
  }

  private async restoreOrInitialise(): Promise<EngineState> {
    const checkpoint = await this.store?.loadLatest();
    // Read (and checked) on resume too: its operating points are served while the weights are its own.
    const saved = this.options.initialModel
      ? await loadInitialModel(this.options.initialModel, this.options.model)
      : null;
    this.operatingPoints = saved?.operatingPoints ?? null;
    if (checkpoint) {
      this.model = checkpoint.model;
      if (checkpoint.strategyState.name === this.strategy.name) this.strategy.importState(checkpoint.strategyState);
      else
        this.logger.warn('strategy_state_ignored', {
          saved: checkpoint.strategyState.name,
          current: this.strategy.name,
        });
      this.logger.info('resumed', { round: checkpoint.round, path: this.store!.pathOf(checkpoint.round) });
      return { round: checkpoint.round, parameters: checkpoint.parameters, history: checkpoint.history };
    }
    const given = this.deps.initialParameters ?? saved?.parameters ?? this.strategy.initializeParameters();
    let parameters: Parameters;
    if (given) {
      parameters = given;
      if (saved && given === saved.parameters) this.model = saved.model;
    } else {
      const built = await buildInitialModel(this.options.model);
      parameters = built.parameters;
      this.model = built.model;
    }
    const state = { round: 0, parameters, history: [] };
    this.logger.info('initialised', {
      tensors: parameters.length,
      values: parameters.reduce((n, t) => n + t.data.length, 0),
    });
    // Round 0 is checkpointed too, so a restart before the first commit keeps the same initial model.
    await this.checkpoint(state);
    return state;
  }

  private async checkpoint(state: EngineState): Promise<void> {
    if (!this.store) return;
    const checkpoint: Checkpoint = { ...state, strategyState: this.strategy.exportState(), model: this.model };
    const path = await this.store.save(checkpoint);
    this.logger.info('checkpoint_saved', { round: state.round, path });
  }

  /** The latest model as served bytes (built once per model version). */
  private servedModel(): ServedModel {
    const engine = this.requireEngine();
    if (!this.served || this.served.version !== engine.round) {
      const weights = tensorBytes(engine.parameters);
      const points = this.operatingPoints;
      this.served = {
        version: engine.round,
        modelJson: layersModelJson(engine.parameters, this.model ?? { modelTopology: null }, MODEL_JSON_GENERATOR),
        weights,
        operatingPoints:
          points && createHash('sha256').update(weights).digest('hex') === points.weightsSha256 ? points : null,
      };
    }
    return this.served;
  }

  /** The access gate of the options: tokens read (and checked) now, Origin rules. */
  private async accessGate(): Promise<AccessGate> {
    const { tokensFile, allowedOrigins, publicRead } = this.options;
    let tokens: TokenStore | null = null;
    if (tokensFile) {
      tokens = new TokenStore(tokensFile, (error) =>
        this.logger.error('tokens_reload_failed', { path: tokensFile, error }),
      );
      await tokens.load();
    } else {
      this.logger.warn('no_authentication', {
        reason: 'no tokens file: any client that reaches the port can join as any id',
      });
    }
    return new AccessGate(tokens, { allowedOrigins, publicRead });
  }

  private async listen(): Promise<ListenAddress> {
    const gate = await this.accessGate();
    const routes = { status: () => this.status(), model: () => this.servedModel() };
    const serve = (req: IncomingMessage, res: ServerResponse): void => {
      if (!needsReadAccess(req)) return handleHttp(routes, req, res);
      void gate.read(req).then(
        (allowed) => (allowed ? handleHttp(routes, req, res) : refuseRead(res)),
        (err: unknown) => refuseRead(res, err),
      );
    };
    const { tlsCert, tlsKey, tlsClientCa } = this.options;
    // Checked here, not with the other options: each flag alone is a valid setting to merge a config file over.
    if ((tlsCert === null) !== (tlsKey === null))
      throw new OptionsError('tlsCert and tlsKey go together: give both or neither');
    if (tlsClientCa !== null && tlsCert === null)
      throw new OptionsError('tlsClientCa needs tlsCert and tlsKey: client certificates are asked for over TLS');
    // With a client CA, the TLS layer itself refuses a peer without a certificate that CA signed.
    const clientAuth = tlsClientCa
      ? { requestCert: true, rejectUnauthorized: true, ca: await readFile(tlsClientCa) }
      : {};
    const http =
      tlsCert && tlsKey
        ? createTlsServer({ cert: await readFile(tlsCert), key: await readFile(tlsKey), ...clientAuth }, serve)
        : createServer(serve);
    http.on('clientError', (_err, socket) => socket.destroy());
    // An upgrade's headers get as long as a Hello (node's default is a minute): a connection that only
    // trickles headers is not yet counted against the connection caps, so it must not linger either.
    http.headersTimeout = this.options.helloTimeoutMs;
    http.requestTimeout = this.options.helloTimeoutMs;
    this.http = http;
    const fitInsBytes = encodedFitInsBytes(this.requireEngine().parameters);
    const maxPayloadBytes =
      this.options.maxPayloadBytes ?? Math.max(MIN_PAYLOAD_BYTES, PAYLOAD_MODEL_MULTIPLE * fitInsBytes);
    this.transport = new WebSocketTransport(
      http,
      this.clients,
      { ...this.options, maxPayloadBytes, fitInsBytes },
      this.logger,
      (e) => {
        this.logger.info('result_discarded', { ...e });
        this.emit('resultDiscarded', e);
      },
      gate,
    );
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port, this.options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', (err) => this.logger.error('http_error', { error: err }));
    const { port } = http.address() as AddressInfo;
    const host = this.options.host;
    const url = `${tlsCert ? 'wss' : 'ws'}://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
    this.logger.info('listening', {
      host,
      port,
      url,
      strategy: this.strategy.name,
      round: this.engine?.round,
      maxPayloadBytes,
    });
    return { host, port, url };
  }
}
