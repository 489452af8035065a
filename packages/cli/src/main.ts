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
  return program;
}

/** Runs the CLI with the given argv (as in `process.argv`). */
export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
