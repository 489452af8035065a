/**
 * The `quakefed` command line. Each subcommand lives in `commands/<name>.ts`; it only parses flags into
 * an options object and calls the API of the package that does the work. Subcommands are loaded on
 * demand: `quakefed client` on a gateway loads the client's modules, not the simulator's plotting
 * library (the benchmarks are not part of the CLI at all: `npm run bench -- <name>`).
 */
import { Command } from 'commander';
import { failureLogFormat } from './log-format.js';
import { reportError, type ErrorOutput } from './report-error.js';
import { CLI_VERSION } from './version.js';

type Register = (program: Command) => void;

/** Every subcommand and how to load its module (in help's order; help sorts them anyway). */
const SUBCOMMANDS: Record<string, () => Promise<Register>> = {
  coordinator: async () => (await import('./commands/coordinator.js')).registerCoordinator,
  client: async () => (await import('./commands/client.js')).registerClient,
  detect: async () => (await import('./commands/detect.js')).registerDetect,
  simulate: async () => (await import('./commands/simulate.js')).registerSimulate,
  experiment: async () => (await import('./commands/experiment.js')).registerExperiment,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  pretrain: async () => (await import('./commands/pretrain.js')).registerPretrain,
};

/** The names of every subcommand. */
export const SUBCOMMAND_NAMES: readonly string[] = Object.keys(SUBCOMMANDS);

/** The subcommand `argv` (as in `process.argv`) runs, when it names a known one. */
export function invokedSubcommand(argv: readonly string[]): string | undefined {
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  return name !== undefined && name in SUBCOMMANDS ? name : undefined;
}

/**
 * Builds the command tree: with `only`, just that subcommand (what running it needs); otherwise every
 * one (top-level help, an unknown command, tests).
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command();
  program
    .name('quakefed')
    .description(
      'Federated learning for rare-event seismic detection. Gateways train a focal-loss waveform ' +
        'classifier on their own data; a coordinator combines the models with FedAvg rounds over ' +
        'WebSocket; a simulator runs whole federations locally.\n\n' +
        'Start with `quakefed demo` (a local federation of synthetic stations).',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version and exit')
    .option('--debug', 'on an unexpected error, print its stack trace')
    // One line after a usage error, not the whole help text.
    .showHelpAfterError('(run the command with --help for its usage)')
    .configureHelp({ sortSubcommands: true });
  const names = only !== undefined && only in SUBCOMMANDS ? [only] : SUBCOMMAND_NAMES;
  for (const register of await Promise.all(names.map((name) => SUBCOMMANDS[name]!()))) register(program);
  return program;
}

/**
 * Runs the CLI with the given argv (as in `process.argv`) and resolves to the exit status: 0, or the
 * status of the one line {@link reportError} wrote (1: a `QuakefedError`, something the user can fix;
 * 2: anything else). Nothing is thrown: a rejection here would reach tfjs-wasm's uncaught-exception
 * handler, which prints the whole minified line of source it was thrown from.
 */
export async function main(
  argv: string[],
  out: ErrorOutput = (line) => void process.stderr.write(line),
): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const program = await buildProgram(invokedSubcommand(argv));
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return reportError(err, { debug, out, format: failureLogFormat(argv) });
  }
}

/**
 * The last resort for an error thrown outside any awaited call (an event handler, a timer): the same
 * one-line report as {@link main}'s, then exit.
 */
export function reportUncaught(err: unknown): never {
  process.exit(
    reportError(err, {
      debug: process.argv.includes('--debug'),
      out: (line) => void process.stderr.write(line),
      format: failureLogFormat(process.argv),
    }),
  );
}
