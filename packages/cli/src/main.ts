/**
 * The `quakefed` command line. Each subcommand lives in `commands/<name>.ts`; it only parses flags into
 * an options object and calls the API of the package that does the work.
 */
import { Command } from 'commander';
import { registerBench } from './commands/bench.js';
import { registerCoordinator } from './commands/coordinator.js';
import { registerClient } from './commands/client.js';
import { registerDetect } from './commands/detect.js';
import { registerSimulate } from './commands/simulate.js';
import { registerExperiment } from './commands/experiment.js';
import { registerDemo } from './commands/demo.js';
import { registerPretrain } from './commands/pretrain.js';
import { failureLogFormat } from './log-format.js';
import { reportError, type ErrorOutput } from './report-error.js';
import { CLI_VERSION } from './version.js';

/** Builds the command tree (exported so tests can inspect `--help` without spawning a process). */
export function buildProgram(): Command {
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
  registerBench(program);
  registerCoordinator(program);
  registerClient(program);
  registerDetect(program);
  registerSimulate(program);
  registerExperiment(program);
  registerDemo(program);
  registerPretrain(program);
  return program;
}

/**
 * Runs the CLI with the given argv (as in `process.argv`) and resolves to the exit status: 0, or the
 * status of the one line {@link reportError} wrote (1: a `QuakefedError`, something the user can fix;
 * 2: anything else). Nothing is thrown: a rejection here would reach tfjs-wasm's uncaught-exception
 * handler, which prints the whole minified line of source it was thrown from.
 */
export async function main(argv: string[], out: ErrorOutput = (line) => void process.stderr.write(line)): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return reportError(err, { debug: program.opts().debug === true || argv.includes('--debug'), out, format: failureLogFormat(argv) });
  }
}

/**
 * The last resort for an error thrown outside any awaited call (an event handler, a timer): the same
 * one-line report as {@link main}'s, then exit.
 */
export function reportUncaught(err: unknown): never {
  process.exit(reportError(err, { debug: process.argv.includes('--debug'), out: (line) => void process.stderr.write(line), format: failureLogFormat(process.argv) }));
}
