import type { Command } from 'commander';
import { benchmarkNames, runBenchmark } from '@quakefed/bench';

/** `quakefed bench <name>`: the same benchmarks as `npm run bench -- <name>`. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run one benchmark and print one JSON object on the last line (${benchmarkNames().join(', ')})`)
    .argument('<name>', 'benchmark name')
    .action(async (name: string) => {
      await runBenchmark(name);
    });
}
