export { benchmarkNames, runBenchmark } from './registry.js';
export type { BenchModule, BenchResult } from './registry.js';
