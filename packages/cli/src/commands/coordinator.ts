import { Command, Option } from 'commander';
import {
  COORDINATOR_DEFAULTS as D,
  FEDAVG_DEFAULTS,
  LOG_LEVELS,
  mergeCoordinatorOptions,
  OptionsError,
  readCoordinatorConfig,
  runCoordinator,
  type CoordinatorOptions,
  type StrategySpec,
} from '@quakefed/coordinator';

/** Flags that map one-to-one onto a numeric coordinator option. */
const NUMERIC_FLAGS = [
  ['port', '--port <n>', 'TCP port for HTTP + WebSocket (0: any free port)'],
  ['rounds', '--rounds <n>', 'rounds to run in total (counting resumed ones)'],
  ['minAvailable', '--min-available <n>', 'connected clients required before a round starts'],
  ['fractionFit', '--fraction-fit <x>', 'fraction of connected clients sampled per round'],
  ['minFit', '--min-fit <n>', 'minimum clients sampled per round'],
  ['minFitResults', '--min-fit-results <n>', 'results needed to commit a round (else it is retried)'],
  ['roundDeadlineMs', '--round-deadline <ms>', 'fit deadline; later results are discarded'],
  ['retryDelayMs', '--retry-delay <ms>', 'pause before retrying a round with too few results'],
  ['evaluateEvery', '--evaluate-every <k>', 'federated evaluation every k rounds (0: never)'],
  ['fractionEvaluate', '--fraction-evaluate <x>', 'fraction of clients sampled for evaluation'],
  ['minEvaluate', '--min-evaluate <n>', 'minimum clients sampled for evaluation'],
  ['evaluateDeadlineMs', '--evaluate-deadline <ms>', 'evaluation deadline'],
  ['seed', '--seed <n>', 'client-sampling seed'],
  ['keepCheckpoints', '--keep-checkpoints <n>', 'checkpoints kept in the state dir'],
  ['heartbeatIntervalMs', '--heartbeat-interval <ms>', 'WebSocket ping interval (dead peers are dropped)'],
  ['helloTimeoutMs', '--hello-timeout <ms>', 'time a new connection has to send Hello'],
  ['maxPayloadBytes', '--max-payload <bytes>', 'largest accepted message'],
] as const satisfies readonly (readonly [keyof CoordinatorOptions, string, string])[];

/** Flags that map onto a numeric strategy option. */
const STRATEGY_FLAGS = [
  ['maxExampleWeight', '--max-example-weight <n>', 'cap on the num_examples weight of one client'],
  ['proxMu', '--prox-mu <mu>', 'FedProx proximal coefficient'],
  ['serverLearningRate', '--server-lr <eta>', 'FedAdam / FedAvgM server learning rate'],
  ['serverMomentum', '--server-momentum <m>', 'FedAvgM server momentum'],
  ['beta1', '--beta1 <b>', 'FedAdam first-moment decay'],
  ['beta2', '--beta2 <b>', 'FedAdam second-moment decay'],
  ['tau', '--tau <t>', 'FedAdam adaptivity'],
  ['clipNorm', '--clip-norm <x>', 'clip each client update to this L2 norm'],
  ['trimFraction', '--trim-fraction <x>', 'fraction trimmed at each end for --robust trimmed-mean'],
] as const satisfies readonly (readonly [keyof StrategySpec, string, string])[];

/** Local training settings sent to clients in FitIns (numeric ones; `--fit-config` sets any key). */
const TRAINING_FLAGS = [
  ['epochs', '--epochs <n>', 'local epochs per round'],
  ['batchSize', '--batch-size <n>', 'local batch size'],
  ['learningRate', '--learning-rate <x>', 'local learning rate'],
] as const;

type Flags = Record<string, string | undefined>;

/** Parses a flag that carries a JSON object; anything else is the user's mistake (`QF_ERR_INVALID_OPTIONS`). */
function parseJsonFlag(name: string, text: string): Record<string, never> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, never>;
  } catch {
    // reported below
  }
  throw new OptionsError(`${name} must be a JSON object, got ${text}`);
}

/** The options the given flags set (flags not given set nothing, so the config file shows through). */
export function optionsFromFlags(f: Flags): Partial<CoordinatorOptions> {
  const num = (key: string): number | undefined => (f[key] === undefined ? undefined : Number(f[key]));
  const out: Record<string, unknown> = {};
  const strategy: Record<string, unknown> = {};
  for (const [key] of NUMERIC_FLAGS) if (f[key] !== undefined) out[key] = num(key);
  for (const [key] of STRATEGY_FLAGS) if (f[key] !== undefined) strategy[key] = num(key);
  if (f.host !== undefined) out.host = f.host;
  if (f.stateDir !== undefined) out.stateDir = f.stateDir;
  if (f.logLevel !== undefined) out.logLevel = f.logLevel;
  if (f.strategy !== undefined) strategy.name = f.strategy;
  if (f.robust !== undefined) strategy.robust = f.robust === 'none' ? null : f.robust;
  if (f.model !== undefined) out.model = parseJsonFlag('--model', f.model);
  if (f.initialModel !== undefined) out.initialModel = f.initialModel;
  const fitConfig: Record<string, unknown> = f.fitConfig ? parseJsonFlag('--fit-config', f.fitConfig) : {};
  for (const [key] of TRAINING_FLAGS) if (f[key] !== undefined) fitConfig[key] = num(key);
  if (f.loss !== undefined) fitConfig.loss = f.loss;
  if (Object.keys(fitConfig).length > 0) strategy.fitConfig = fitConfig;
  if (Object.keys(strategy).length > 0) out.strategy = strategy;
  return out as Partial<CoordinatorOptions>;
}

/** `quakefed coordinator`: run the FL server (HTTP + WebSocket on one port) until SIGINT/SIGTERM. */
export function registerCoordinator(program: Command): void {
  const cmd = program
    .command('coordinator')
    .description(
      'run the federated-learning coordinator: FedAvg-family rounds over WebSocket, checkpoints and resume,\n' +
        'GET /healthz, /status, /model on the same port. Precedence: defaults < --config file < flags.',
    )
    .option('--config <file>', 'JSON file with any coordinator options (see packages/coordinator/README.md)')
    .option('--host <addr>', `interface to listen on (default ${D.host})`)
    .option('--state-dir <dir>', 'checkpoint directory; resumes from it on start (default: none)')
    .addOption(new Option('--strategy <name>', 'aggregation strategy').choices(['fedavg', 'fedprox', 'fedadam', 'fedavgm']))
    .addOption(new Option('--robust <method>', 'coordinate-wise robust aggregation').choices(['none', 'median', 'trimmed-mean']))
    .addOption(new Option('--loss <name>', 'local loss sent to clients').choices(['focal', 'bce', 'weighted-bce']))
    .option('--fit-config <json>', `local training config sent to clients (default ${JSON.stringify(FEDAVG_DEFAULTS.fitConfig)})`)
    .option('--model <json>', 'model config (model package ModelConfig) for the initial model')
    .option('--initial-model <dir|url>', 'start round 0 from this saved model (e.g. quakefed pretrain output; default: a fresh model)')
    .addOption(new Option('--log-level <level>', `log level (default ${D.logLevel})`).choices([...LOG_LEVELS]))
    .option('--exit-when-done', 'exit after the last round instead of serving the model until a signal');
  for (const [key, flag, help] of NUMERIC_FLAGS) cmd.option(flag, `${help} (default ${D[key]})`);
  for (const [, flag, help] of [...STRATEGY_FLAGS, ...TRAINING_FLAGS]) cmd.option(flag, help);
  cmd.action(async (flags: Flags & { exitWhenDone?: boolean }) => {
    const fromFile = flags.config ? await readCoordinatorConfig(flags.config) : {};
    const options = mergeCoordinatorOptions(fromFile, optionsFromFlags(flags));
    await runCoordinator(options, { exitWhenDone: flags.exitWhenDone === true });
  });
}
