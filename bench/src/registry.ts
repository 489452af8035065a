/**
 * Benchmark registry. A benchmark is a module `benchmarks/<name>.ts` exporting `run(args)` that returns
 * one flat JSON-able object; `runBenchmark` prints exactly that object (with `bench: name`) as the last
 * stdout line. Progress goes to stderr. Modules are imported lazily so one benchmark never pays for
 * another's start-up (e.g. tfjs).
 */
import { readdirSync } from 'node:fs';

export type BenchResult = Record<string, unknown>;
export type BenchModule = { run: (args: string[]) => Promise<BenchResult> };

const dir = new URL('./benchmarks/', import.meta.url);

/** Names of the available benchmarks, sorted. */
export function benchmarkNames(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Runs one benchmark by name and prints its JSON object on the last line of stdout. */
export async function runBenchmark(name: string, args: string[] = []): Promise<void> {
  const names = benchmarkNames();
  if (!names.includes(name)) {
    throw new Error(`unknown benchmark "${name}"; known: ${names.join(', ') || '(none yet)'}`);
  }
  const mod = (await import(new URL(`${name}.ts`, dir).href)) as BenchModule;
  const result = await mod.run(args);
  process.stdout.write(`${JSON.stringify({ bench: name, ...result })}\n`);
}
