import type { Command } from 'commander';
import {
  DEFAULT_SCENARIO,
  LOSSES,
  STRATEGIES,
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
import { strategiesReading } from '@quakefed/coordinator';
import { CliUsageError } from '../errors.js';
import { addFlags, optionsFromTable, type FlagSpec } from '../flag-table.js';
import { onInterrupt } from '../interrupt.js';

/** Flags of `simulate` and `experiment` that print rather than set a scenario field. */
interface OutputFlags {
  config?: string;
  quiet?: boolean;
  json?: boolean;
}

const S = DEFAULT_SCENARIO;

/** Every flag of `simulate` / `experiment` that sets a scenario field, and the field it sets. */
export const SCENARIO_FLAGS: readonly FlagSpec[] = [
  {
    flags: '--name <name>',
    key: 'name',
    kind: 'string',
    help: 'run name (prefix of the run directory)',
    shownDefault: S.name,
  },
  { flags: '--seed <n>', key: 'seed', kind: 'integer', help: 'seed of the training population', shownDefault: S.seed },
  {
    flags: '--seeds <n>',
    key: 'seeds',
    kind: 'integer',
    help: 'repeat the whole run with this many seeds and report mean ± sd',
    shownDefault: S.seeds,
  },
  {
    flags: '-n, --stations <n>',
    key: 'stations',
    kind: 'integer',
    help: 'training stations (one WebSocket client each)',
    shownDefault: S.stations,
  },
  { flags: '-r, --rounds <n>', key: 'rounds', kind: 'integer', help: 'federated rounds', shownDefault: S.rounds },
  {
    flags: '--fraction <f>',
    key: 'fractionFit',
    kind: 'number',
    help: 'share of stations sampled per round (0..1]',
    shownDefault: S.fractionFit,
  },
  {
    flags: '--local-budget <n>',
    key: 'localBudget',
    kind: 'integer',
    help: 'max training windows per client per round (all positives kept)',
    shownDefault: S.localBudget,
  },
  {
    flags: '--loss <loss>',
    key: 'training.loss',
    kind: 'string',
    help: 'local training loss',
    choices: LOSSES,
    shownDefault: S.training.loss,
  },
  {
    flags: '--epochs <n>',
    key: 'training.epochs',
    kind: 'integer',
    help: 'local epochs per round',
    shownDefault: S.training.epochs,
  },
  {
    flags: '--batch-size <n>',
    key: 'training.batchSize',
    kind: 'integer',
    help: 'local batch size',
    shownDefault: S.training.batchSize,
  },
  {
    flags: '--lr <rate>',
    key: 'training.learningRate',
    kind: 'number',
    help: 'local learning rate',
    shownDefault: S.training.learningRate,
  },
  {
    flags: '--class-balanced',
    key: 'training.classBalanced',
    kind: 'boolean',
    help: 'draw local batches half from quake windows, half from noise',
    shownDefault: S.training.classBalanced,
  },
  {
    flags: '--strategy <name>',
    key: 'strategy.name',
    kind: 'string',
    help: 'aggregation on the coordinator',
    choices: STRATEGIES,
    shownDefault: S.strategy.name,
  },
  {
    flags: '--server-lr <rate>',
    key: 'strategy.serverLearningRate',
    kind: 'number',
    help: `server learning rate of ${strategiesReading('serverLearningRate').join(' / ')}`,
    shownDefault: S.strategy.serverLearningRate,
  },
  {
    flags: '--server-momentum <m>',
    key: 'strategy.serverMomentum',
    kind: 'number',
    help: `server momentum of ${strategiesReading('serverMomentum').join(' / ')}`,
    shownDefault: S.strategy.serverMomentum,
  },
  {
    flags: '--dropout <p>',
    key: 'faults.dropoutProbability',
    kind: 'number',
    help: 'probability that a sampled client drops out instead of answering',
    shownDefault: S.faults.dropoutProbability,
  },
  {
    flags: '--stragglers <share>',
    key: 'faults.stragglerShare',
    kind: 'number',
    help: 'share of stations whose results are delayed',
    shownDefault: S.faults.stragglerShare,
  },
  {
    flags: '--straggler-delay <ms>',
    key: 'faults.stragglerDelayMs',
    kind: 'integer',
    help: 'delay of a straggler’s result',
    shownDefault: S.faults.stragglerDelayMs,
  },
  {
    flags: '--restart-at <round>',
    key: 'faults.coordinatorRestartAtRound',
    kind: 'integer',
    help: 'kill and restart the coordinator after this round (0 = never)',
    shownDefault: S.faults.coordinatorRestartAtRound,
  },
  {
    flags: '--validation-stations <n>',
    key: 'validation.stations',
    kind: 'integer',
    help: 'validation stations (per-round monitoring, early stopping)',
    shownDefault: S.validation.stations,
  },
  {
    flags: '--validation-seed <n>',
    key: 'validation.seed',
    kind: 'integer',
    help: 'seed of the validation stations',
    shownDefault: S.validation.seed,
  },
  {
    flags: '--validation-hours <h>',
    key: 'validation.streamHours',
    kind: 'number',
    help: 'hours of continuous stream per validation station',
    shownDefault: S.validation.streamHours,
  },
  {
    flags: '--test-stations <n>',
    key: 'test.stations',
    kind: 'integer',
    help: 'test stations (scored once, at the end)',
    shownDefault: S.test.stations,
  },
  {
    flags: '--test-seed <n>',
    key: 'test.seed',
    kind: 'integer',
    help: 'seed of the test stations',
    shownDefault: S.test.seed,
  },
  {
    flags: '--test-hours <h>',
    key: 'test.streamHours',
    kind: 'number',
    help: 'hours of continuous stream per test station',
    shownDefault: S.test.streamHours,
  },
  {
    flags: '--workers <n>',
    key: 'workers',
    kind: 'integer',
    help: 'training worker threads (0 = one per core)',
    shownDefault: S.workers,
  },
  {
    flags: '-o, --out <dir>',
    key: 'outDir',
    kind: 'string',
    help: 'directory the run directory is created in',
    shownDefault: S.outDir,
  },
];

/** The scenario keys `quakefed demo` takes from the command line (the rest is the demo's). */
const DEMO_KEYS = new Set(['workers', 'outDir']);

/** The subset of {@link SCENARIO_FLAGS} that `quakefed demo` accepts. */
export const DEMO_FLAGS: readonly FlagSpec[] = SCENARIO_FLAGS.filter((spec) => DEMO_KEYS.has(spec.key));

/** A flag value of the wrong kind is a scenario mistake: the code the same field gets in a scenario file. */
const invalid = (message: string) => new SimulationError(SIM_ERROR_CODES.scenarioInvalid, message);

/** Adds the output flags and `flags` (every one optional: unset flags leave the file's or the default value). */
function addRunOptions(cmd: Command, flags: readonly FlagSpec[]): Command {
  addFlags(cmd, flags, invalid);
  return cmd
    .option('-q, --quiet', 'print only the results table and the report path')
    .option('--json', 'print progress and results as JSON lines on stdout');
}

/** Adds the scenario flags of `simulate` and `experiment`. */
export function addScenarioOptions(cmd: Command): Command {
  cmd.option(
    '-c, --config <file>',
    'scenario JSON file (a partial scenario; see simulations/README.md; default: none)',
  );
  return addRunOptions(cmd, SCENARIO_FLAGS);
}

/** Adds the few flags of `demo`. */
export function addDemoOptions(cmd: Command): Command {
  return addRunOptions(cmd, DEMO_FLAGS);
}

/** Flags → a partial scenario (only the flags that were given). */
export function scenarioFromFlags(parsed: Record<string, unknown>): ScenarioInput {
  return optionsFromTable(SCENARIO_FLAGS, parsed) as ScenarioInput;
}

/**
 * Resolves defaults ← preset ← file ← flags, runs, and prints the outcome for the chosen mode.
 * @throws SimulationError when the scenario file cannot be read or parsed (`QF_ERR_SCENARIO_FILE`) or the
 * resolved scenario is invalid (`ScenarioError`, `QF_ERR_SCENARIO_INVALID`), before any work starts.
 */
export async function runFromFlags(
  kind: ExperimentKind,
  flags: OutputFlags & Record<string, unknown>,
  preset?: ScenarioInput,
): Promise<void> {
  if (flags.quiet && flags.json) throw new CliUsageError('--quiet and --json exclude each other');
  // A bad scenario file or scenario is a SimulationError: main() prints it as one line with its code.
  const file = flags.config ? await readScenarioFile(flags.config) : undefined;
  const scenario = resolveScenario(preset, file, scenarioFromFlags(flags));
  const mode: ProgressMode = flags.json ? 'json' : flags.quiet ? 'quiet' : 'auto';
  const listener = progressListener(mode);
  const interrupt = onInterrupt(listener);
  try {
    const summary = await run(kind, scenario, interrupt.track);
    // In JSON mode the 'result' and 'done' events carry everything.
    if (mode !== 'json') process.stdout.write(`\n${summary}\n`);
  } finally {
    interrupt.release();
    listener.stop();
  }
}

/** Runs the scenario (once, or once per seed) and returns what the terminal shows at the end. */
async function run(kind: ExperimentKind, s: Scenario, onEvent: SimEventListener): Promise<string> {
  const federated = federatedArmId(s.training.loss);
  const lines = (items: string[]) => items.map((l) => `${l}\n`).join('');
  if (s.seeds === 1) {
    const o = await runExperiment(s, { kind, onEvent });
    const notes = [
      testResolution(s, o.arms[0]?.event.events),
      describeImbalance(o.imbalance),
      ...ratioLines(o.arms, federated),
    ];
    return `Test stations (scored once, after all training):\n\n${resultsMarkdown(o.arms)}\n\n${lines(notes)}\nreport: ${o.reportPath}\n`;
  }
  const o = await runSeries(s, { kind, onEvent });
  const arms = o.runs.map((r) => r.arms);
  const notes = [
    `mean ± sd over ${s.seeds} seeds`,
    `${testResolution(s)} (per seed)`,
    ...seriesRatioLines(arms, federated),
  ];
  return `Test stations (scored once per seed, after all training):\n\n${seriesMarkdown(arms)}\n\n${lines(notes)}\nreport: ${o.reportPath}\n`;
}

/** `quakefed simulate`: one federation (the scenario's loss), evaluated against the initial model. */
export function registerSimulate(program: Command): void {
  addScenarioOptions(
    program
      .command('simulate')
      .description(
        'run a simulated federation: a coordinator and N synthetic station clients over WebSocket, then evaluate and report',
      ),
  ).action(async (flags: OutputFlags & Record<string, unknown>) => runFromFlags('simulate', flags));
}
