import type { Command } from 'commander';
import { addScenarioOptions, runFromFlags } from './simulate.js';

/**
 * `quakefed experiment`: on one federation and one set of held-out stations, compares federated focal,
 * BCE and weighted BCE with centralised, local-only and STA/LTA baselines.
 */
export function registerExperiment(program: Command): void {
  addScenarioOptions(
    program
      .command('experiment')
      .description(
        'compare federated losses, centralised, local-only and STA/LTA on the same held-out stations; prints the results table',
      ),
  ).action(async (flags) => runFromFlags('experiment', flags));
}
