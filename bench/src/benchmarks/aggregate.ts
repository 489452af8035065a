/**
 * `npm run bench -- aggregate [--clients 200] [--params 1000000] [--reps 3]`
 *
 * Streaming FedAvg aggregation (`WeightedSum`: validation + float64 weighted sum, SIMD kernels) against,
 * in the same run on the same workload: the same sum on its scalar loops, a plain sum-of-arrays loop, and
 * numpy's streaming weighted mean with its finiteness check (bench/peers/numpy_aggregate.py, when a
 * python3 with numpy is found), in GB/s of float32 update data; and the peak RSS of streaming 50 vs 500
 * client updates through the aggregator, each in a fresh child process where every update is a newly
 * allocated array (as a decoded message would be) dropped after `add`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WeightedSum } from '@quakefed/coordinator';
import type { Parameters } from '@quakefed/proto';
import { numberFlag } from '../args.js';
import { runPythonPeer } from '../peers.js';

/** Distinct updates cycled through in the throughput test: 16 × 4 MB exceeds the 32 MB L3 cache. */
const POOL = 16;
const MEMORY_CLIENTS = [50, 500] as const;
const CHILD_FLAG = '--memory-child';

/** A model-like layout of `total` parameters: one big kernel plus a few small tensors. */
function layout(total: number): { name: string; shape: number[] }[] {
  const small = [
    { name: 'conv/bias', shape: [32] },
    { name: 'dense/bias', shape: [1] },
  ];
  const rest = total - 33;
  return [{ name: 'dense/kernel', shape: [rest, 1] }, ...small];
}

/** A fresh update with cheap deterministic pseudo-random values (xorshift; no allocation per value). */
function makeUpdate(spec: ReturnType<typeof layout>, seed: number): Parameters {
  let s = (seed * 2654435761) >>> 0 || 1;
  return spec.map(({ name, shape }) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      data[i] = (s >>> 0) / 4294967296 - 0.5;
    }
    return { name, shape: [...shape], data };
  });
}

/** Plain sum-of-arrays: `acc += x` in float32, no weights, no validation — the speed reference. */
function baselineSum(pool: Parameters[], clients: number): void {
  const acc = pool[0]!.map((t) => new Float32Array(t.data.length));
  for (let c = 0; c < clients; c++) {
    const update = pool[c % pool.length]!;
    for (let t = 0; t < acc.length; t++) {
      const a = acc[t]!;
      const x = update[t]!.data;
      for (let i = 0; i < a.length; i++) a[i] = a[i]! + x[i]!;
    }
  }
}

function streamingMean(pool: Parameters[], clients: number, kernel: 'simd' | 'scalar'): void {
  const sum = new WeightedSum(pool[0]!, kernel);
  for (let c = 0; c < clients; c++) sum.add(pool[c % pool.length]!, 1 + (c % 7));
  sum.mean();
}

/**
 * GB/s of `bytes` over the wall time and over the CPU time of one run of `fn` (single-threaded: the CPU
 * figure is what one dedicated core does, which other work on a shared machine inflates far less).
 */
function gbPerSecond(fn: () => void, bytes: number): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  fn();
  const cpu = process.cpuUsage(c0);
  return { wall: bytes / ((performance.now() - t0) / 1000) / 1e9, cpu: bytes / ((cpu.user + cpu.system) / 1e6) / 1e9 };
}

/** Best wall and CPU figures so far. */
const best = (a: { wall: number; cpu: number }, b: { wall: number; cpu: number }) => ({
  wall: Math.max(a.wall, b.wall),
  cpu: Math.max(a.cpu, b.cpu),
});

/** Child process body: stream `clients` fresh updates through the aggregator, print peak RSS (MB). */
function memoryChild(clients: number, params: number): void {
  const spec = layout(params);
  const sum = new WeightedSum(makeUpdate(spec, 0));
  for (let c = 0; c < clients; c++) sum.add(makeUpdate(spec, c + 1), 1);
  sum.mean();
  process.stdout.write(`${process.resourceUsage().maxRSS / 1024}\n`);
}

function peakRssMb(clients: number, params: number): number {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, CHILD_FLAG, String(clients), String(params)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  return Math.round(Number(r.stdout.trim()));
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const clients = numberFlag(args, '--clients', 200);
  const params = numberFlag(args, '--params', 1_000_000);
  const reps = numberFlag(args, '--reps', 3);
  const spec = layout(params);
  console.error(`aggregate: generating ${POOL} updates of ${params} parameters`);
  const pool = Array.from({ length: POOL }, (_, i) => makeUpdate(spec, i + 1));
  const bytes = clients * params * 4;
  console.error(`aggregate: ${clients} clients, best of ${reps}`);
  // Interleave so all see the same machine state (other work on a shared 2-core box).
  let baseline = { wall: 0, cpu: 0 };
  let aggregate = { wall: 0, cpu: 0 };
  let scalar = { wall: 0, cpu: 0 };
  let numpy: { wall: number; cpu: number } | null = null;
  for (let r = 0; r < reps; r++) {
    baseline = best(
      baseline,
      gbPerSecond(() => baselineSum(pool, clients), bytes),
    );
    aggregate = best(
      aggregate,
      gbPerSecond(() => streamingMean(pool, clients, 'simd'), bytes),
    );
    scalar = best(
      scalar,
      gbPerSecond(() => streamingMean(pool, clients, 'scalar'), bytes),
    );
    if (r === 0) {
      const peer = runPythonPeer('numpy', 'numpy_aggregate.py', [String(clients), String(params), String(reps)]);
      numpy = peer ? { wall: peer['numpy_gb_s'] as number, cpu: peer['numpy_cpu_gb_s'] as number } : null;
    }
  }
  console.error('aggregate: peak RSS in child processes');
  const [rss50, rss500] = MEMORY_CLIENTS.map((n) => peakRssMb(n, params));
  return {
    clients,
    params,
    aggregate_gb_s: Number(aggregate.wall.toFixed(3)),
    scalar_loops_gb_s: Number(scalar.wall.toFixed(3)),
    baseline_sum_gb_s: Number(baseline.wall.toFixed(3)),
    numpy_gb_s: numpy === null ? null : Number(numpy.wall.toFixed(3)),
    ratio_vs_numpy: numpy === null ? null : Number((aggregate.wall / numpy.wall).toFixed(3)),
    ratio: Number((aggregate.wall / baseline.wall).toFixed(3)),
    // Per CPU-second of each side (what one dedicated core does).
    aggregate_cpu_gb_s: Number(aggregate.cpu.toFixed(3)),
    scalar_loops_cpu_gb_s: Number(scalar.cpu.toFixed(3)),
    numpy_cpu_gb_s: numpy === null ? null : Number(numpy.cpu.toFixed(3)),
    ratio_vs_numpy_cpu: numpy === null ? null : Number((aggregate.cpu / numpy.cpu).toFixed(3)),
    peak_rss_mb_50: rss50,
    peak_rss_mb_500: rss500,
    rss_ratio_500_vs_50: Number((rss500! / rss50!).toFixed(3)),
  };
}

if (process.argv[2] === CHILD_FLAG) memoryChild(Number(process.argv[3]), Number(process.argv[4]));
