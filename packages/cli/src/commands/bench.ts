import type { Command } from 'commander';
import { benchmarkNames, runBenchmark } from '@quakefed/bench';
import { CliUsageError } from '../errors.js';

/** `quakefed bench <name>`: the same benchmarks as `npm run bench -- <name>`. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run one benchmark and print one JSON object on the last line (${benchmarkNames().join(', ')})`)
    .argument('<name>', 'benchmark name')
    .action(async (name: string) => {
      const names = benchmarkNames();
      if (!names.includes(name)) throw new CliUsageError(`unknown benchmark "${name}"; known: ${names.join(', ')}`);
      await runBenchmark(name);
    });
}
