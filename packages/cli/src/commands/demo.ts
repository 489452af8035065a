import type { Command } from 'commander';
import { DEMO_SCENARIO } from '@quakefed/simulations';
import { addDemoOptions, runFromFlags } from './simulate.js';

/** `quakefed demo` (`npm run demo`): the default experiment, sized to finish in under 5 minutes on 2 cores. */
export function registerDemo(program: Command): void {
  addDemoOptions(
    program
      .command('demo')
      .description(
        `run the default experiment (${DEMO_SCENARIO.stations} synthetic stations, ${DEMO_SCENARIO.rounds} rounds) and print the results table and the report path`,
      ),
  ).action(async (flags) => runFromFlags('experiment', flags, DEMO_SCENARIO));
}
