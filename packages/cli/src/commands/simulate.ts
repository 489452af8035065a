import { Command, Option } from 'commander';
import {
  describeImbalance,
  federatedArmId,
  progressListener,
  ratioLines,
  readScenarioFile,
  resolveScenario,
  resultsMarkdown,
  runExperiment,
  runSeries,
  seriesMarkdown,
  seriesRatioLines,
  SimulationError,
  SIM_ERROR_CODES,
  testResolution,
  type ExperimentKind,
  type ProgressMode,
  type Scenario,
  type ScenarioInput,
  type SimEventListener,
} from '@quakefed/simulations';
import { CliUsageError } from '../errors.js';

/** Flags shared by `simulate` and `experiment`, parsed by commander. */
interface ScenarioFlags {
  config?: string;
  name?: string;
  seed?: number;
  seeds?: number;
  stations?: number;
  rounds?: number;
  fraction?: number;
  localBudget?: number;
  loss?: 'focal' | 'bce' | 'weighted-bce';
  epochs?: number;
  batchSize?: number;
  lr?: number;
  strategy?: 'fedavg' | 'fedadam' | 'fedavgm';
  serverLr?: number;
  serverMomentum?: number;
  classBalanced?: boolean;
  dropout?: number;
  stragglers?: number;
  stragglerDelay?: number;
  restartAt?: number;
  validationStations?: number;
  validationSeed?: number;
  validationHours?: number;
  testStations?: number;
  testSeed?: number;
  testHours?: number;
  workers?: number;
  out?: string;
  quiet?: boolean;
  json?: boolean;
}

/**
 * Parser of a numeric flag's value. A value that is not a number of the kind asked for is a scenario
 * mistake (`QF_ERR_SCENARIO_INVALID`, the code the same field gets when it is wrong in a scenario file);
 * commander passes the parser no flag name, hence the factory.
 */
function numberFlag(flag: string, kind: 'integer' | 'number'): (value: string) => number {
  const ok = kind === 'integer' ? Number.isInteger : Number.isFinite;
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !ok(n)) {
      throw new SimulationError(SIM_ERROR_CODES.scenarioInvalid, `${flag} must be ${kind === 'integer' ? 'an integer' : 'a number'}, got "${value}"`);
    }
    return n;
  };
}
const int = (flag: string) => numberFlag(flag, 'integer');
const num = (flag: string) => numberFlag(flag, 'number');

/** Adds the scenario flags (every one optional: unset flags leave the file's or the default value). */
export function addScenarioOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'scenario JSON file (a partial scenario; see simulations/README.md)')
    .option('--name <name>', 'run name (prefix of the run directory)')
    .option('--seed <n>', 'seed of the training population', int('--seed'))
    .option('--seeds <n>', 'repeat the whole run with this many seeds and report mean ± sd', int('--seeds'))
    .option('-n, --stations <n>', 'training stations (one WebSocket client each)', int('--stations'))
    .option('-r, --rounds <n>', 'federated rounds', int('--rounds'))
    .option('--fraction <f>', 'share of stations sampled per round (0..1]', num('--fraction'))
    .option('--local-budget <n>', 'max training windows per client per round (all positives kept)', int('--local-budget'))
    .addOption(new Option('--loss <loss>', 'local training loss').choices(['focal', 'bce', 'weighted-bce']))
    .option('--epochs <n>', 'local epochs per round', int('--epochs'))
    .option('--batch-size <n>', 'local batch size', int('--batch-size'))
    .option('--lr <rate>', 'local learning rate', num('--lr'))
    .option('--class-balanced', 'draw local batches half from quake windows, half from noise')
    .addOption(new Option('--strategy <name>', 'aggregation on the coordinator').choices(['fedavg', 'fedadam', 'fedavgm']))
    .option('--server-lr <rate>', 'server learning rate of fedadam / fedavgm', num('--server-lr'))
    .option('--server-momentum <m>', 'server momentum of fedavgm', num('--server-momentum'))
    .option('--dropout <p>', 'probability that a sampled client drops out instead of answering', num('--dropout'))
    .option('--stragglers <share>', 'share of stations whose results are delayed', num('--stragglers'))
    .option('--straggler-delay <ms>', 'delay of a straggler’s result', int('--straggler-delay'))
    .option('--restart-at <round>', 'kill and restart the coordinator after this round (0 = never)', int('--restart-at'))
    .option('--validation-stations <n>', 'validation stations (per-round monitoring, early stopping)', int('--validation-stations'))
    .option('--validation-seed <n>', 'seed of the validation stations', int('--validation-seed'))
    .option('--validation-hours <h>', 'hours of continuous stream per validation station', num('--validation-hours'))
    .option('--test-stations <n>', 'test stations (scored once, at the end)', int('--test-stations'))
    .option('--test-seed <n>', 'seed of the test stations', int('--test-seed'))
    .option('--test-hours <h>', 'hours of continuous stream per test station', num('--test-hours'))
    .option('--workers <n>', 'training worker threads (0 = one per core)', int('--workers'))
    .option('-o, --out <dir>', 'directory the run directory is created in')
    .option('-q, --quiet', 'print only the results table and the report path')
    .option('--json', 'print progress and results as JSON lines on stdout');
}

/** Flags → a partial scenario (only the flags that were given). */
export function scenarioFromFlags(f: ScenarioFlags): ScenarioInput {
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return defined({
    name: f.name,
    seed: f.seed,
    seeds: f.seeds,
    stations: f.stations,
    rounds: f.rounds,
    fractionFit: f.fraction,
    localBudget: f.localBudget,
    workers: f.workers,
    outDir: f.out,
    strategy: defined({ name: f.strategy, serverLearningRate: f.serverLr, serverMomentum: f.serverMomentum }),
    training: defined({ loss: f.loss, epochs: f.epochs, batchSize: f.batchSize, learningRate: f.lr, classBalanced: f.classBalanced }),
    faults: defined({
      dropoutProbability: f.dropout,
      stragglerShare: f.stragglers,
      stragglerDelayMs: f.stragglerDelay,
      coordinatorRestartAtRound: f.restartAt,
    }),
    validation: defined({ stations: f.validationStations, seed: f.validationSeed, streamHours: f.validationHours }),
    test: defined({ stations: f.testStations, seed: f.testSeed, streamHours: f.testHours }),
  });
}

/**
 * Resolves defaults ← preset ← file ← flags, runs, and prints the outcome for the chosen mode.
 * @throws SimulationError when the scenario file cannot be read or parsed (`QF_ERR_SCENARIO_FILE`) or the
 * resolved scenario is invalid (`ScenarioError`, `QF_ERR_SCENARIO_INVALID`), before any work starts.
 */
export async function runFromFlags(kind: ExperimentKind, flags: ScenarioFlags, preset?: ScenarioInput): Promise<void> {
  if (flags.quiet && flags.json) throw new CliUsageError('--quiet and --json exclude each other');
  // A bad scenario file or scenario is a SimulationError: main() prints it as one line with its code.
  const file = flags.config ? await readScenarioFile(flags.config) : undefined;
  const scenario = resolveScenario(preset, file, scenarioFromFlags(flags));
  const mode: ProgressMode = flags.json ? 'json' : flags.quiet ? 'quiet' : 'auto';
  const listener = progressListener(mode);
  try {
    const summary = await run(kind, scenario, listener);
    // In JSON mode the 'result' and 'done' events carry everything.
    if (mode !== 'json') process.stdout.write(`\n${summary}\n`);
  } finally {
    listener.stop();
  }
}

/** Runs the scenario (once, or once per seed) and returns what the terminal shows at the end. */
async function run(kind: ExperimentKind, s: Scenario, onEvent: SimEventListener): Promise<string> {
  const federated = federatedArmId(s.training.loss);
  const lines = (items: string[]) => items.map((l) => `${l}\n`).join('');
  if (s.seeds === 1) {
    const o = await runExperiment(s, { kind, onEvent });
    const notes = [testResolution(s, o.arms[0]?.event.events), describeImbalance(o.imbalance), ...ratioLines(o.arms, federated)];
    return `Test stations (scored once, after all training):\n\n${resultsMarkdown(o.arms)}\n\n${lines(notes)}\nreport: ${o.reportPath}\n`;
  }
  const o = await runSeries(s, { kind, onEvent });
  const arms = o.runs.map((r) => r.arms);
  const notes = [`mean ± sd over ${s.seeds} seeds`, `${testResolution(s)} (per seed)`, ...seriesRatioLines(arms, federated)];
  return `Test stations (scored once per seed, after all training):\n\n${seriesMarkdown(arms)}\n\n${lines(notes)}\nreport: ${o.reportPath}\n`;
}

/** `quakefed simulate`: one federation (the scenario's loss), evaluated against the initial model. */
export function registerSimulate(program: Command): void {
  addScenarioOptions(
    program
      .command('simulate')
      .description('run a simulated federation: a coordinator and N synthetic station clients over WebSocket, then evaluate and report'),
  ).action(async (flags: ScenarioFlags) => runFromFlags('simulate', flags));
}
