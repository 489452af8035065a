/**
 * Every option of the coordinator with its documented default, in one place. Options objects are merged
 * as `{ ...DEFAULTS, ...opts }`; contradictory combinations are rejected by `validateCoordinatorOptions`.
 */
import type { ConfigMap, Parameters } from '@quakefed/proto';
import type { ModelConfig } from '@quakefed/model';
import { ModelError, parseFitConfig } from '@quakefed/model/fit-config';
import { RECOVER_MODES, type RecoverMode } from './checkpoint/store.js';
import { OptionsError } from './errors.js';
import type { LogLevel } from '@quakefed/core';
import type { StrategyName } from './strategy/registry.js';
import { METRIC_DEFAULTS } from '@quakefed/seismic';

/** Options of {@link FedAvg} (and the base of every built-in strategy). */
export interface FedAvgOptions {
  /** Initial global model; `null`: the coordinator builds the model from `modelConfig`. */
  initialParameters: Parameters | null;
  /** Cap on the num_examples a client's weight is taken from, so one client cannot claim unbounded weight. */
  maxExampleWeight: number;
  /** Local training config sent in every FitIns (keys of the model package's `TrainOptions`). */
  fitConfig: ConfigMap;
  /** Config sent in every EvaluateIns (`threshold`: decision threshold for precision/recall/F1). */
  evaluateConfig: ConfigMap;
}

/** Defaults of {@link FedAvgOptions}. */
export const FEDAVG_DEFAULTS: FedAvgOptions = {
  initialParameters: null,
  maxExampleWeight: 100_000,
  fitConfig: {
    epochs: 1,
    batchSize: 32,
    learningRate: 0.001,
    optimizer: 'adam',
    loss: 'focal',
    focalAlpha: 0.25,
    focalGamma: 2,
  },
  evaluateConfig: { threshold: METRIC_DEFAULTS.threshold },
};

/** Options of {@link FedProx}: FedAvg plus the proximal term μ sent to clients as `proxMu`. */
export interface FedProxOptions extends FedAvgOptions {
  /** Proximal coefficient μ ≥ 0 (0 is plain FedAvg). */
  proxMu: number;
}

/** Defaults of {@link FedProxOptions}: FedAvg's, μ = 0.01. */
export const FEDPROX_DEFAULTS: FedProxOptions = { ...FEDAVG_DEFAULTS, proxMu: 0.01 };

/** Options of {@link FedAdam} (Reddi et al. 2021, "Adaptive Federated Optimization"). */
export interface FedAdamOptions extends FedAvgOptions {
  /** Server learning rate η. */
  serverLearningRate: number;
  /** First-moment decay β₁ in [0, 1). */
  beta1: number;
  /** Second-moment decay β₂ in [0, 1). */
  beta2: number;
  /** Adaptivity τ > 0 (larger is more like FedAvgM; the paper's 1e-3 is a robust choice). */
  tau: number;
}

/** Defaults of {@link FedAdamOptions}. */
export const FEDADAM_DEFAULTS: FedAdamOptions = {
  ...FEDAVG_DEFAULTS,
  serverLearningRate: 0.01,
  beta1: 0.9,
  beta2: 0.99,
  tau: 0.001,
};

/** Options of {@link FedAvgM} (server momentum; Hsu et al. 2019, "Measuring the Effects of Non-Identical Data Distribution"). */
export interface FedAvgMOptions extends FedAvgOptions {
  /** Server learning rate η (1 with momentum 0 is plain FedAvg). */
  serverLearningRate: number;
  /** Server momentum β in [0, 1). */
  serverMomentum: number;
}

/** Defaults of {@link FedAvgMOptions}: η = 1, β = 0.9 (the paper's best on non-IID data). */
export const FEDAVGM_DEFAULTS: FedAvgMOptions = { ...FEDAVG_DEFAULTS, serverLearningRate: 1, serverMomentum: 0.9 };

/** Coordinate-wise robust aggregation methods. */
export type RobustMethod = 'median' | 'trimmed-mean';

/** Options of the default guard against poisoned updates (strategy/guarded.ts). */
export interface GuardOptions {
  /** Each update is clipped to this many times the running `normQuantile`-quantile of recent update norms. */
  normMultiplier: number;
  /**
   * Quantile of recent update norms the clipping bound and the step check rest on, in [0.5, 1) (lower
   * empirical quantile: a value some results lie above). 0.5, the median, resists the most hostile
   * results; higher quantiles let through the larger honest updates when most honest updates are tiny.
   */
  normQuantile: number;
  /** Each num_examples is capped at this many times the running median of recent counts. */
  examplesMultiplier: number;
  /** Results (across rounds) the running medians are taken over. */
  window: number;
  /** Results a median must rest on before results are folded in (earlier ones are held back). */
  warmup: number;
  /** A new global model further from the old one than this many times the round's `normQuantile` update norm is refused. */
  maxStepMultiple: number;
}

/**
 * Defaults of {@link GuardOptions}. Honest update norms span a factor of ~1000 (stations without a quake
 * in their round send near-zero updates, and half the stations never see one): at 3 × the median every
 * station with a quake was clipped, 10–100-fold. At 1.5 × the 0.9-quantile few honest updates are
 * clipped, and no further than to 1.5 × a large honest one; the 1.5 rather than 3 halves what a
 * hostile update can do at no measured cost (simulations/README.md "The guard's bound"). Capping
 * examples at 2 × the median lets a larger station weigh twice a typical one. Server momentum 0.9 can
 * at most make a step 10 × the clients' updates; 100 × is no training step.
 */
export const GUARD_DEFAULTS: GuardOptions = {
  normMultiplier: 1.5,
  normQuantile: 0.9,
  examplesMultiplier: 2,
  window: 64,
  warmup: 3,
  maxStepMultiple: 100,
};

/** Declarative strategy choice (what the CLI and the JSON config file use). */
export interface StrategySpec extends Partial<FedAdamOptions>, Partial<FedProxOptions>, Partial<FedAvgMOptions> {
  /** Base strategy. */
  name: StrategyName;
  /** Update-norm clipping bound; `null`: no clipping. */
  clipNorm?: number | null;
  /** Coordinate-wise robust aggregation; `null`: the weighted mean. */
  robust?: RobustMethod | null;
  /** Fraction trimmed at each end for `robust: 'trimmed-mean'`, in [0, 0.5). */
  trimFraction?: number;
  /** The guard against poisoned updates (its options, merged over GUARD_DEFAULTS); `null`: none (plain strategy). */
  guard?: Partial<GuardOptions> | null;
}

/** Default strategy: FedAvg under the guard against poisoned updates, no fixed clipping, no robust aggregation. */
export const STRATEGY_DEFAULTS: StrategySpec = {
  name: 'fedavg',
  clipNorm: null,
  robust: null,
  trimFraction: 0.1,
  guard: GUARD_DEFAULTS,
};

/** Options of the coordinator (server, round engine, client manager, checkpoints). */
export interface CoordinatorOptions {
  /** Interface to listen on (127.0.0.1 by default: open to other hosts only when asked, e.g. 0.0.0.0). */
  host: string;
  /**
   * JSON file of hashed station and read tokens (auth/tokens.ts); re-read when it changes. `null`: no
   * authentication — anyone who reaches the port can join as any client id and read the model.
   */
  tokensFile: string | null;
  /** With a tokens file: serve `/status` and `/model` without a read token. */
  publicRead: boolean;
  /** Origins whose WebSocket upgrades are accepted (browsers send one; gateways send none). */
  allowedOrigins: string[];
  /** PEM certificate chain and private key files: serve HTTPS and `wss://` (both or neither). */
  tlsCert: string | null;
  tlsKey: string | null;
  /**
   * PEM file of the CA that must have signed every client's certificate (mutual TLS; needs `tlsCert`):
   * a connection without such a certificate fails its TLS handshake, WebSocket and HTTP alike.
   * `null`: no client certificates asked for.
   */
  tlsClientCa: string | null;
  /** TCP port for HTTP and WebSocket (0: any free port, logged in the `listening` line). */
  port: number;
  /** Rounds to run in total (counting rounds restored from a checkpoint); then the coordinator idles. */
  rounds: number;
  /** Connected clients required before a round starts. */
  minAvailable: number;
  /** Fraction of connected clients sampled for a fit round. */
  fractionFit: number;
  /** Minimum clients sampled for a fit round (at least this many, even if the fraction gives fewer). */
  minFit: number;
  /** Results required to commit a round; with fewer the round is retried with a fresh sample. */
  minFitResults: number;
  /** Fit round deadline in ms; stragglers past it are ignored and their late results discarded. */
  roundDeadlineMs: number;
  /** Pause before retrying a round that got too few results (avoids a hot loop of failing rounds). */
  retryDelayMs: number;
  /** Rounds after the current one in which a client that missed a fit deadline is not sampled (0: none). */
  deadlineCooldownRounds: number;
  /**
   * Attempts in a row of one round in which every sampled client refused the task (answered with a
   * failed status other than busy or stopping) before the run fails with their reason: a task no client
   * accepts never commits, however often it is retried.
   */
  maxRefusedAttempts: number;
  /** Run a federated evaluation after every k-th committed round (0: never). */
  evaluateEvery: number;
  /** Fraction of connected clients sampled for an evaluation. */
  fractionEvaluate: number;
  /** Minimum clients sampled for an evaluation. */
  minEvaluate: number;
  /** Evaluation deadline in ms. */
  evaluateDeadlineMs: number;
  /** Seed of the client-sampling RNG (sampling is reproducible per round and attempt). */
  seed: number;
  /** Strategy and its parameters. */
  strategy: StrategySpec;
  /** Model config (the model package's `ModelConfig`; omitted keys take its defaults) for the initial model. */
  model: Partial<ModelConfig>;
  /**
   * Model directory (model.json + weights.bin, as `quakefed pretrain` writes) or URL whose weights the
   * first round starts from when no checkpoint exists; its tensor shapes must be those of `model`.
   * Operating points kept beside it are served at `/model/operating-points.json` while the global
   * model still has its weights. `null`: a freshly initialised model.
   */
  initialModel: string | null;
  /** Checkpoint directory; `null`: no checkpoints, no resume. */
  stateDir: string | null;
  /** Committed-round checkpoints kept on disk (the newest that verify; older ones are deleted). */
  keepCheckpoints: number;
  /** What start-up does when the newest checkpoint does not verify (see `RecoverMode`; default: refuse to start). */
  recover: RecoverMode;
  /** Interval of WebSocket pings; a peer that leaves two pings in a row unanswered is terminated. */
  heartbeatIntervalMs: number;
  /** Time a new connection has to send Hello. */
  helloTimeoutMs: number;
  /**
   * Largest accepted WebSocket message in bytes (checked before decoding; `ws` closes a longer one with
   * 1009). `null`: sized to the model, `PAYLOAD_MODEL_MULTIPLE` × the encoded fit task and at least
   * `MIN_PAYLOAD_BYTES` — every connection may buffer this much before it has said who it is.
   */
  maxPayloadBytes: number | null;
  /** Open WebSocket connections allowed (past it, upgrades get HTTP 503 with Retry-After). */
  maxConnections: number;
  /** Open WebSocket connections allowed from one remote address (a NAT'd site holds several gateways). */
  maxConnectionsPerAddress: number;
  /**
   * Frames a connection may send at once (its token bucket when full): a session that sends more than
   * its budget is closed (4105) without decoding the excess. Every task sent adds a token for its reply.
   */
  frameBurst: number;
  /**
   * Frames per second that refill a connection's budget, on top of the heartbeats `heartbeatIntervalMs`
   * asks for (an honest gateway sends a handful of frames per round, each reply covered by its task).
   */
  framesPerSecond: number;
  /** Minimum level of the JSON log lines written to stderr (`silent`: none). */
  logLevel: LogLevel;
}

/** Documented defaults of {@link CoordinatorOptions}; merged as `{ ...COORDINATOR_DEFAULTS, ...opts }`. */
export const COORDINATOR_DEFAULTS: CoordinatorOptions = {
  host: '127.0.0.1',
  tokensFile: null,
  publicRead: false,
  allowedOrigins: [],
  tlsCert: null,
  tlsKey: null,
  tlsClientCa: null,
  port: 8080,
  rounds: 10,
  minAvailable: 2,
  fractionFit: 1,
  minFit: 2,
  minFitResults: 2,
  roundDeadlineMs: 600_000,
  retryDelayMs: 1_000,
  deadlineCooldownRounds: 2,
  maxRefusedAttempts: 3,
  evaluateEvery: 1,
  fractionEvaluate: 1,
  minEvaluate: 1,
  evaluateDeadlineMs: 300_000,
  seed: 0,
  strategy: STRATEGY_DEFAULTS,
  model: {},
  initialModel: null,
  stateDir: null,
  keepCheckpoints: 3,
  recover: 'refuse',
  heartbeatIntervalMs: 15_000,
  helloTimeoutMs: 10_000,
  maxPayloadBytes: null,
  maxConnections: 2048,
  maxConnectionsPerAddress: 64,
  frameBurst: 32,
  framesPerSecond: 5,
  logLevel: 'info',
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new OptionsError(message);
}

const isCount = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;

/**
 * Merges `opts` over the defaults and rejects invalid or contradictory values.
 * @throws OptionsError (`QF_ERR_INVALID_OPTIONS`) naming the offending option
 */
export function resolveCoordinatorOptions(opts: Partial<CoordinatorOptions> = {}): CoordinatorOptions {
  const o: CoordinatorOptions = { ...COORDINATOR_DEFAULTS, ...opts };
  o.strategy = { ...STRATEGY_DEFAULTS, ...opts.strategy };
  check(isCount(o.port, 0) && o.port <= 65535, `port must be an integer in [0, 65535], got ${o.port}`);
  check(isCount(o.rounds, 0), `rounds must be an integer >= 0, got ${o.rounds}`);
  for (const key of [
    'minAvailable',
    'minFit',
    'minFitResults',
    'minEvaluate',
    'keepCheckpoints',
    'maxRefusedAttempts',
    'frameBurst',
  ] as const) {
    check(isCount(o[key], 1), `${key} must be an integer >= 1, got ${o[key]}`);
  }
  check(isCount(o.evaluateEvery, 0), `evaluateEvery must be an integer >= 0, got ${o.evaluateEvery}`);
  check(
    isCount(o.deadlineCooldownRounds, 0),
    `deadlineCooldownRounds must be an integer >= 0, got ${o.deadlineCooldownRounds}`,
  );
  for (const key of ['fractionFit', 'fractionEvaluate'] as const) {
    check(o[key] > 0 && o[key] <= 1, `${key} must be in (0, 1], got ${o[key]}`);
  }
  for (const key of [
    'roundDeadlineMs',
    'evaluateDeadlineMs',
    'heartbeatIntervalMs',
    'helloTimeoutMs',
    'framesPerSecond',
  ] as const) {
    check(o[key] > 0, `${key} must be > 0, got ${o[key]}`);
  }
  check(
    o.initialModel === null || (typeof o.initialModel === 'string' && o.initialModel.length > 0),
    `initialModel must be a model directory or URL, got ${JSON.stringify(o.initialModel)}`,
  );
  check(
    Array.isArray(o.allowedOrigins) && o.allowedOrigins.every((x) => typeof x === 'string'),
    'allowedOrigins must be a list of origins',
  );
  check(
    RECOVER_MODES.includes(o.recover),
    `recover must be one of ${RECOVER_MODES.join(', ')}, got ${JSON.stringify(o.recover)}`,
  );
  check(o.retryDelayMs >= 0, `retryDelayMs must be >= 0, got ${o.retryDelayMs}`);
  check(
    o.maxPayloadBytes === null || isCount(o.maxPayloadBytes, 1024),
    `maxPayloadBytes must be null or an integer >= 1024, got ${o.maxPayloadBytes}`,
  );
  for (const key of ['maxConnections', 'maxConnectionsPerAddress'] as const) {
    check(isCount(o[key], 1), `${key} must be an integer >= 1, got ${o[key]}`);
  }
  check(
    o.minFitResults <= o.minFit,
    `minFitResults (${o.minFitResults}) > minFit (${o.minFit}): a round could never commit`,
  );
  check(
    o.minFit <= o.minAvailable,
    `minFit (${o.minFit}) > minAvailable (${o.minAvailable}): rounds would start without enough clients`,
  );
  check(o.minEvaluate <= o.minAvailable, `minEvaluate (${o.minEvaluate}) > minAvailable (${o.minAvailable})`);
  checkFitConfig(o.strategy.fitConfig ?? {});
  return o;
}

/**
 * The fit config sent to clients, over the strategy's defaults, checked with the parser every client
 * reads it with (unknown keys rejected here: a misspelt key would otherwise be ignored by every client).
 */
function checkFitConfig(fitConfig: ConfigMap): void {
  try {
    parseFitConfig({ ...FEDAVG_DEFAULTS.fitConfig, ...fitConfig }, 'reject');
  } catch (err) {
    if (err instanceof ModelError) throw new OptionsError(err.message);
    throw err;
  }
}
