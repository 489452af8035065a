import type { Command } from 'commander';
import { BENCHMARKS, runBenchmark } from '@quakefed/bench';

/** `quakefed bench <name>`: the same benchmarks as `npm run bench -- <name>`. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run one benchmark and print one JSON object on the last line (${Object.keys(BENCHMARKS).join(', ')})`)
    .argument('<name>', 'benchmark name')
    .action(async (name: string) => {
      await runBenchmark(name);
    });
}
