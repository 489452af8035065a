/**
 * Benchmark registry. Each benchmark module exports `run(args)` returning one flat JSON-able object;
 * `runBenchmark` prints progress to stderr (if any) and exactly one JSON object as the last stdout line.
 * Modules are imported lazily so one benchmark never pays for another's start-up (e.g. tfjs).
 */
export type BenchResult = Record<string, unknown>;
export type BenchModule = { run: (args: string[]) => Promise<BenchResult> };

/** Benchmark names → lazy loaders. */
export const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {};

/** Runs one benchmark by name and prints its JSON object on the last line of stdout. */
export async function runBenchmark(name: string, args: string[] = []): Promise<void> {
  const load = BENCHMARKS[name];
  if (!load) {
    const known = Object.keys(BENCHMARKS).join(', ') || '(none yet)';
    throw new Error(`unknown benchmark "${name}"; known: ${known}`);
  }
  const mod = await load();
  const result = await mod.run(args);
  process.stdout.write(`${JSON.stringify({ bench: name, ...result })}\n`);
}
