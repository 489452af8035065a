import type { Command } from 'commander';
import { DEMO_SCENARIO } from '@quakefed/simulations';
import { runFromFlags } from './simulate.js';

/** `quakefed demo` (`npm run demo`): the default experiment, sized to finish in under 5 minutes on 2 cores. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`run the default experiment (${DEMO_SCENARIO.stations} synthetic stations, ${DEMO_SCENARIO.rounds} rounds) and print the results table and the report path`)
    .option('-o, --out <dir>', 'directory the run directory is created in')
    .option('--workers <n>', 'training worker threads (0 = one per core)', (v) => Number.parseInt(v, 10))
    .option('-q, --quiet', 'print only the results table and the report path')
    .option('--json', 'print progress and results as JSON lines on stdout')
    .action(async (flags) => runFromFlags('experiment', flags, DEMO_SCENARIO));
}
