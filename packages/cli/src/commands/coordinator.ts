import type { Command } from 'commander';
import {
  COORDINATOR_DEFAULTS as D,
  FEDADAM_DEFAULTS,
  FEDAVG_DEFAULTS,
  FEDAVGM_DEFAULTS,
  FEDPROX_DEFAULTS,
  GUARD_DEFAULTS,
  mergeCoordinatorOptions,
  OptionsError,
  readCoordinatorConfig,
  RECOVER_MODES,
  runCoordinator,
  STRATEGY_DEFAULTS,
  STRATEGY_NAMES,
  STRATEGY_REGISTRY,
  strategiesReading,
  type CoordinatorOptions,
} from '@quakefed/coordinator';
import { createLogger, LOG_LEVELS, type LogFormat } from '@quakefed/core';
import { onBackendChosen } from '@quakefed/model/backend-announcement';
import { addFlags, optionsFromTable, type FlagSpec } from '../flag-table.js';
import { addLogFormatOption, logFormatOf } from '../log-format.js';

const fit = FEDAVG_DEFAULTS.fitConfig;

/** Every flag of `quakefed coordinator` that sets an option, and the option it sets. */
export const COORDINATOR_FLAGS: readonly FlagSpec[] = [
  {
    flags: '--host <addr>',
    key: 'host',
    kind: 'string',
    help: 'interface to listen on (0.0.0.0: every interface)',
    shownDefault: D.host,
  },
  {
    flags: '--port <n>',
    key: 'port',
    kind: 'integer',
    help: 'TCP port for HTTP + WebSocket (0: any free port)',
    shownDefault: D.port,
  },
  {
    flags: '--tokens <file>',
    key: 'tokensFile',
    kind: 'string',
    help: 'JSON file of hashed station and read tokens (re-read when it changes)',
    shownDefault: 'none: no authentication',
  },
  {
    flags: '--public-read',
    key: 'publicRead',
    kind: 'boolean',
    help: 'with --tokens: serve /status and /model without a read token',
  },
  {
    flags: '--allow-origin <origin>',
    key: 'allowedOrigins',
    kind: 'list',
    help: 'browser Origin whose WebSocket upgrades are accepted (repeatable)',
    shownDefault: 'none',
  },
  {
    flags: '--tls-cert <file>',
    key: 'tlsCert',
    kind: 'string',
    help: 'PEM certificate chain: serve https:// and wss:// (with --tls-key)',
    shownDefault: 'none',
  },
  {
    flags: '--tls-key <file>',
    key: 'tlsKey',
    kind: 'string',
    help: 'PEM private key of --tls-cert',
    shownDefault: 'none',
  },
  {
    flags: '--tls-client-ca <pem>',
    key: 'tlsClientCa',
    kind: 'string',
    help: 'require client certificates signed by this CA (mutual TLS; needs --tls-cert)',
    shownDefault: 'none',
  },
  {
    flags: '--state-dir <dir>',
    key: 'stateDir',
    kind: 'string',
    help: 'checkpoint directory; resumes from it on start',
    shownDefault: 'none',
  },
  {
    flags: '--rounds <n>',
    key: 'rounds',
    kind: 'integer',
    help: 'rounds to run in total (counting resumed ones)',
    shownDefault: D.rounds,
  },
  {
    flags: '--min-available <n>',
    key: 'minAvailable',
    kind: 'integer',
    help: 'connected clients required before a round starts',
    shownDefault: D.minAvailable,
  },
  {
    flags: '--fraction-fit <x>',
    key: 'fractionFit',
    kind: 'number',
    help: 'fraction of connected clients sampled per round',
    shownDefault: D.fractionFit,
  },
  {
    flags: '--min-fit <n>',
    key: 'minFit',
    kind: 'integer',
    help: 'minimum clients sampled per round',
    shownDefault: D.minFit,
  },
  {
    flags: '--min-fit-results <n>',
    key: 'minFitResults',
    kind: 'integer',
    help: 'results needed to commit a round (else it is retried)',
    shownDefault: D.minFitResults,
  },
  {
    flags: '--round-deadline <ms>',
    key: 'roundDeadlineMs',
    kind: 'number',
    help: 'fit deadline; later results are discarded',
    shownDefault: D.roundDeadlineMs,
  },
  {
    flags: '--retry-delay <ms>',
    key: 'retryDelayMs',
    kind: 'number',
    help: 'pause before retrying a round with too few results',
    shownDefault: D.retryDelayMs,
  },
  {
    flags: '--deadline-cooldown <rounds>',
    key: 'deadlineCooldownRounds',
    kind: 'integer',
    help: 'rounds a client that missed a fit deadline is not sampled',
    shownDefault: D.deadlineCooldownRounds,
  },
  {
    flags: '--max-refused-attempts <n>',
    key: 'maxRefusedAttempts',
    kind: 'integer',
    help: 'attempts in a row in which every client refuses a round before the run fails',
    shownDefault: D.maxRefusedAttempts,
  },
  {
    flags: '--evaluate-every <k>',
    key: 'evaluateEvery',
    kind: 'integer',
    help: 'federated evaluation every k rounds (0: never)',
    shownDefault: D.evaluateEvery,
  },
  {
    flags: '--fraction-evaluate <x>',
    key: 'fractionEvaluate',
    kind: 'number',
    help: 'fraction of clients sampled for evaluation',
    shownDefault: D.fractionEvaluate,
  },
  {
    flags: '--min-evaluate <n>',
    key: 'minEvaluate',
    kind: 'integer',
    help: 'minimum clients sampled for evaluation',
    shownDefault: D.minEvaluate,
  },
  {
    flags: '--evaluate-deadline <ms>',
    key: 'evaluateDeadlineMs',
    kind: 'number',
    help: 'evaluation deadline',
    shownDefault: D.evaluateDeadlineMs,
  },
  { flags: '--seed <n>', key: 'seed', kind: 'integer', help: 'client-sampling seed', shownDefault: D.seed },
  {
    flags: '--keep-checkpoints <n>',
    key: 'keepCheckpoints',
    kind: 'integer',
    help: 'checkpoints kept in the state dir',
    shownDefault: D.keepCheckpoints,
  },
  {
    flags: '--recover <mode>',
    key: 'recover',
    kind: 'string',
    help: 'when the newest checkpoint is corrupt: refuse to start, resume from the previous valid one, or (fresh) also start over when none is valid',
    choices: RECOVER_MODES,
    shownDefault: D.recover,
  },
  {
    flags: '--heartbeat-interval <ms>',
    key: 'heartbeatIntervalMs',
    kind: 'number',
    help: 'WebSocket ping interval (dead peers are dropped)',
    shownDefault: D.heartbeatIntervalMs,
  },
  {
    flags: '--hello-timeout <ms>',
    key: 'helloTimeoutMs',
    kind: 'number',
    help: 'time a new connection has to send Hello',
    shownDefault: D.helloTimeoutMs,
  },
  {
    flags: '--max-payload <bytes>',
    key: 'maxPayloadBytes',
    kind: 'integer',
    help: 'largest accepted message',
    shownDefault: '4 × the encoded model, at least 1 MiB',
  },
  {
    flags: '--max-connections <n>',
    key: 'maxConnections',
    kind: 'integer',
    help: 'open WebSocket connections allowed (then HTTP 503)',
    shownDefault: D.maxConnections,
  },
  {
    flags: '--max-connections-per-address <n>',
    key: 'maxConnectionsPerAddress',
    kind: 'integer',
    help: 'open WebSocket connections allowed from one remote address',
    shownDefault: D.maxConnectionsPerAddress,
  },
  {
    flags: '--frame-burst <n>',
    key: 'frameBurst',
    kind: 'integer',
    help: 'frames a connection may send at once before it is closed (4105); each task sent adds one for its reply',
    shownDefault: D.frameBurst,
  },
  {
    flags: '--frames-per-second <n>',
    key: 'framesPerSecond',
    kind: 'number',
    help: "frames per second refilling a connection's budget, beyond the heartbeats it is asked for",
    shownDefault: D.framesPerSecond,
  },
  {
    flags: '--log-level <level>',
    key: 'logLevel',
    kind: 'string',
    help: 'log level',
    choices: LOG_LEVELS,
    shownDefault: D.logLevel,
  },
  {
    flags: '--model <json>',
    key: 'model',
    kind: 'json',
    help: 'model config (model package ModelConfig) for the initial model',
    shownDefault: '{}',
  },
  {
    flags: '--initial-model <dir|url>',
    key: 'initialModel',
    kind: 'string',
    help: 'start round 0 from this saved model (e.g. quakefed pretrain output)',
    shownDefault: 'a fresh model',
  },
  {
    flags: '--strategy <name>',
    key: 'strategy.name',
    kind: 'string',
    help: `aggregation strategy: ${STRATEGY_NAMES.map((n) => `${n} (${STRATEGY_REGISTRY[n].help})`).join('; ')}`,
    choices: STRATEGY_NAMES,
    shownDefault: STRATEGY_DEFAULTS.name,
  },
  {
    flags: '--robust <method>',
    key: 'strategy.robust',
    kind: 'string',
    help: 'coordinate-wise robust aggregation',
    choices: ['none', 'median', 'trimmed-mean'],
    shownDefault: 'none',
    map: (v) => (v === 'none' ? null : v),
  },
  {
    flags: '--guard <on|off>',
    key: 'strategy.guard',
    kind: 'string',
    help: 'clip each update to 1.5 × the 0.9-quantile of recent update norms, cap num_examples at 2 × the median, refuse a model 100 × further than the updates (off: the plain strategy)',
    choices: ['on', 'off'],
    shownDefault: 'on',
    map: (v) => (v === 'off' ? null : GUARD_DEFAULTS),
  },
  {
    flags: '--max-example-weight <n>',
    key: 'strategy.maxExampleWeight',
    kind: 'number',
    help: 'cap on the num_examples weight of one client',
    shownDefault: FEDAVG_DEFAULTS.maxExampleWeight,
  },
  {
    flags: '--prox-mu <mu>',
    key: 'strategy.proxMu',
    kind: 'number',
    help: `proximal coefficient of ${strategiesReading('proxMu').join(' / ')}`,
    shownDefault: FEDPROX_DEFAULTS.proxMu,
  },
  {
    flags: '--server-lr <eta>',
    key: 'strategy.serverLearningRate',
    kind: 'number',
    help: `server learning rate of ${strategiesReading('serverLearningRate').join(' / ')}`,
    shownDefault: `${FEDADAM_DEFAULTS.serverLearningRate} fedadam, ${FEDAVGM_DEFAULTS.serverLearningRate} fedavgm`,
  },
  {
    flags: '--server-momentum <m>',
    key: 'strategy.serverMomentum',
    kind: 'number',
    help: `server momentum of ${strategiesReading('serverMomentum').join(' / ')}`,
    shownDefault: FEDAVGM_DEFAULTS.serverMomentum,
  },
  {
    flags: '--beta1 <b>',
    key: 'strategy.beta1',
    kind: 'number',
    help: `first-moment decay of ${strategiesReading('beta1').join(' / ')}`,
    shownDefault: FEDADAM_DEFAULTS.beta1,
  },
  {
    flags: '--beta2 <b>',
    key: 'strategy.beta2',
    kind: 'number',
    help: `second-moment decay of ${strategiesReading('beta2').join(' / ')}`,
    shownDefault: FEDADAM_DEFAULTS.beta2,
  },
  {
    flags: '--tau <t>',
    key: 'strategy.tau',
    kind: 'number',
    help: `adaptivity of ${strategiesReading('tau').join(' / ')}`,
    shownDefault: FEDADAM_DEFAULTS.tau,
  },
  {
    flags: '--clip-norm <x>',
    key: 'strategy.clipNorm',
    kind: 'number',
    help: 'clip each client update to this L2 norm',
    shownDefault: 'no clipping',
  },
  {
    flags: '--trim-fraction <x>',
    key: 'strategy.trimFraction',
    kind: 'number',
    help: 'fraction trimmed at each end for --robust trimmed-mean',
    shownDefault: STRATEGY_DEFAULTS.trimFraction,
  },
  {
    flags: '--fit-config <json>',
    key: 'strategy.fitConfig',
    kind: 'json',
    help: 'local training config sent to clients (any fit-config key; the flags below override it)',
    shownDefault: fit,
  },
  {
    flags: '--epochs <n>',
    key: 'strategy.fitConfig.epochs',
    kind: 'number',
    help: 'local epochs per round',
    shownDefault: fit.epochs,
  },
  {
    flags: '--batch-size <n>',
    key: 'strategy.fitConfig.batchSize',
    kind: 'number',
    help: 'local batch size',
    shownDefault: fit.batchSize,
  },
  {
    flags: '--learning-rate <x>',
    key: 'strategy.fitConfig.learningRate',
    kind: 'number',
    help: 'local learning rate',
    shownDefault: fit.learningRate,
  },
  {
    flags: '--loss <name>',
    key: 'strategy.fitConfig.loss',
    kind: 'string',
    help: 'local loss sent to clients',
    choices: ['focal', 'bce', 'weighted-bce'],
    shownDefault: fit.loss,
  },
];

const invalid = (message: string) => new OptionsError(message);

/**
 * The options the parsed flags set (flags not given set nothing, so the config file shows through).
 * `--fit-config` and the single training flags merge: the flags win key by key.
 */
export function optionsFromFlags(parsed: Record<string, unknown>): Partial<CoordinatorOptions> {
  return optionsFromTable(COORDINATOR_FLAGS, parsed) as Partial<CoordinatorOptions>;
}

/** `quakefed coordinator`: run the FL server (HTTP + WebSocket on one port) until SIGINT/SIGTERM. */
export function registerCoordinator(program: Command): void {
  const cmd = program
    .command('coordinator')
    .description(
      'run the federated-learning coordinator: FedAvg-family rounds over WebSocket, checkpoints and resume,\n' +
        'GET /healthz, /status, /model on the same port. Precedence: defaults < --config file < flags.',
    )
    .option(
      '--config <file>',
      'JSON file with any coordinator options (see packages/coordinator/README.md; default: none)',
    )
    .option('--exit-when-done', 'exit after the last round instead of serving the model until a signal');
  type Flags = Record<string, unknown> & { config?: string; exitWhenDone?: boolean; logFormat?: LogFormat };
  addLogFormatOption(addFlags(cmd, COORDINATOR_FLAGS, invalid)).action(async (flags: Flags) => {
    const fromFile = flags.config ? await readCoordinatorConfig(flags.config) : {};
    const options = mergeCoordinatorOptions(fromFile, optionsFromFlags(flags));
    const logger = createLogger({ level: options.logLevel ?? D.logLevel, format: logFormatOf(flags.logFormat) });
    onBackendChosen((backend) => logger.info('backend', { backend }));
    await runCoordinator(options, { exitWhenDone: flags.exitWhenDone === true }, { logger }).catch((err: unknown) => {
      throw portInUse(err, options) ?? err;
    });
  });
}

/** A port another process holds is the operator's to fix: one OptionsError naming it. */
function portInUse(err: unknown, options: Partial<CoordinatorOptions>): OptionsError | null {
  if ((err as NodeJS.ErrnoException | null)?.code !== 'EADDRINUSE') return null;
  const where = `${options.host ?? D.host}:${options.port ?? D.port}`;
  return new OptionsError(`${where} is already in use (another coordinator?): choose another --port or --host`);
}
