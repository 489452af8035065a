/**
 * The `quakefed` command line. Each subcommand lives in `commands/<name>.ts`; it only parses flags into
 * an options object and calls the API of the package that does the work.
 */
import { Command } from 'commander';
import { QuakefedError } from '@quakefed/errors';
import { registerBench } from './commands/bench.js';
import { registerCoordinator } from './commands/coordinator.js';
import { registerClient } from './commands/client.js';
import { registerDetect } from './commands/detect.js';
import { registerSimulate } from './commands/simulate.js';
import { registerExperiment } from './commands/experiment.js';
import { registerDemo } from './commands/demo.js';
import { registerPretrain } from './commands/pretrain.js';

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
    .showHelpAfterError()
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
 * Runs the CLI with the given argv (as in `process.argv`). A {@link QuakefedError} (bad flags, bad
 * config, missing data: something the user can fix) is printed as one line with its code and sets exit
 * code 1; anything else is a bug and propagates with its stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (!(err instanceof QuakefedError)) throw err;
    process.stderr.write(`quakefed: ${err.message} (${err.code})\n`);
    process.exitCode = 1;
  }
}
