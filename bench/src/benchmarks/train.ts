/**
 * Local-training and inference throughput of the reference model (batch 32, Adam, focal loss,
 * 1 thread), measured in one run on: the fused engine and the tfjs graph path of the chosen backend
 * (initBackend('auto'): tfjs-node if it loads, else wasm-qf), the stock tfjs `cpu` backend (a few
 * steps only: it is slow), and the PyTorch twin (bench/peers/torch_train.py: training with the
 * same focal loss, and inference at batch 256) when `python3 -c "import torch"` works.
 * The fused engine is also timed with `--threads N` threads sharing each step's batch (default 2;
 * one helper worker thread). Training and inference figures are the best of `--repeats` timed runs,
 * as the PyTorch peer's are.
 * Args: --steps N (fused engine, default 200), --graph-steps N (tfjs graph, default 40),
 * --cpu-steps N (default 2), --repeats N (default 5), --threads N (default 2), --no-torch.
 */
import { createRng } from '@quakefed/seismic';
import {
  buildModel,
  countParameters,
  describeBackend,
  initBackend,
  predictScores,
  resolveModelConfig,
  trainLocal,
} from '@quakefed/model';
import type { BackendPreference, EnginePreference, ModelConfig, WindowData } from '@quakefed/model';
import { runPythonPeer } from '../peers.js';

const BATCH = 32;
const INFERENCE_BATCH = 256;
const INFERENCE_WINDOWS = 4096;
/**
 * Untimed steps before the timed runs (fewer when a run has fewer). With one warm-up step the first
 * timed runs of a freshly started helper thread were the slowest (its WebAssembly still warming up in
 * V8), and the 2-thread figure of a 3-run bench read 1.10–1.59× where 20 steps read 1.60–1.73×.
 */
const WARM_UP_STEPS = 20;

function argValue(args: string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

function randomWindows(config: ModelConfig, count: number, seed: number): WindowData {
  const rng = createRng(seed);
  const x = new Float32Array(count * config.windowLength * config.channels);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.next() < 0.5 ? 1 : 0;
  return { x, labels, count, length: config.windowLength, channels: config.channels };
}

/** Windows per second of the fastest of `repeats` runs of `run`, each processing `windows`. */
async function bestRate(repeats: number, windows: number, run: () => Promise<unknown>): Promise<number> {
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    await run();
    best = Math.max(best, windows / ((performance.now() - started) / 1000));
  }
  return best;
}

/** Training windows/s on `backend` and `engine`: one warm-up step, then `steps` timed steps of batch 32. */
async function trainingThroughput(
  backend: BackendPreference,
  engine: EnginePreference,
  config: ModelConfig,
  steps: number,
  repeats: number,
  threads = 1,
): Promise<number> {
  await initBackend(backend);
  const model = buildModel(config);
  const options = {
    epochs: 1,
    batchSize: BATCH,
    optimizer: 'adam' as const,
    loss: 'focal' as const,
    seed: 1,
    engine,
    threads,
  };
  await trainLocal(model, randomWindows(config, BATCH * Math.min(steps, WARM_UP_STEPS), 1), options);
  const data = randomWindows(config, BATCH * steps, 2);
  const rate = await bestRate(repeats, data.count, () => trainLocal(model, data, options));
  model.dispose();
  return rate;
}

async function inferenceThroughput(config: ModelConfig, repeats: number): Promise<number> {
  const model = buildModel(config);
  const data = randomWindows(config, INFERENCE_WINDOWS, 3);
  const warmUp = INFERENCE_BATCH;
  await predictScores(model, data.x.subarray(0, warmUp * config.windowLength * config.channels), warmUp);
  const rate = await bestRate(repeats, data.count, () => predictScores(model, data.x, data.count, INFERENCE_BATCH));
  model.dispose();
  return rate;
}

/** The torch twin's training and inference windows/s, or null when no python3 with torch is found. */
function torchThroughput(config: ModelConfig, repeats: number): { train: number; inference: number } | null {
  const peer = runPythonPeer('torch', 'torch_train.py', [
    JSON.stringify({ ...config, batchSize: BATCH, inferenceBatchSize: INFERENCE_BATCH, repeats }),
  ]);
  return peer
    ? { train: peer['torch_windows_per_s'] as number, inference: peer['torch_inference_windows_per_s'] as number }
    : null;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const config = resolveModelConfig();
  const steps = argValue(args, '--steps', 200);
  const graphSteps = argValue(args, '--graph-steps', 40);
  const cpuSteps = argValue(args, '--cpu-steps', 2);
  const repeats = argValue(args, '--repeats', 5);
  const threads = argValue(args, '--threads', 2);

  const backend = await initBackend('auto');
  const detail = describeBackend();
  process.stderr.write(`training on ${detail}: fused engine ${steps} steps, tfjs graph ${graphSteps} steps\n`);
  const fused = await trainingThroughput(backend, 'fused', config, steps, repeats);
  const fusedThreaded = await trainingThroughput(backend, 'fused', config, steps, repeats, threads);
  const graph = await trainingThroughput(backend, 'graph', config, graphSteps, repeats);
  const windowsPerSecond = backend === 'wasm-qf' ? fused : graph;
  const inference = await inferenceThroughput(config, repeats);
  process.stderr.write(`training on stock cpu: ${cpuSteps} steps\n`);
  const stock = await trainingThroughput('cpu', 'graph', config, cpuSteps, 1);
  await initBackend(backend);
  const torch = args.includes('--no-torch') ? null : torchThroughput(config, repeats);
  const round = (v: number): number => Math.round(v * 10) / 10;
  const ratio = (a: number, b: number | undefined): number | null =>
    b === undefined ? null : Math.round((a / b) * 1000) / 1000;
  return {
    backend,
    backend_detail: detail,
    params: countParameters(config),
    batch_size: BATCH,
    optimizer: 'adam',
    loss: 'focal',
    threads: 1,
    windows_per_s: round(windowsPerSecond),
    fused_windows_per_s: round(fused),
    graph_windows_per_s: round(graph),
    fused_threads: threads,
    fused_threaded_windows_per_s: round(fusedThreaded),
    threads_speedup: ratio(fusedThreaded, fused),
    stock_cpu_windows_per_s: round(stock),
    speedup: round(windowsPerSecond / stock),
    torch_windows_per_s: torch === null ? null : round(torch.train),
    vs_torch: ratio(windowsPerSecond, torch?.train),
    inference_batch_size: INFERENCE_BATCH,
    inference_windows_per_s: round(inference),
    torch_inference_windows_per_s: torch === null ? null : round(torch.inference),
    inference_vs_torch: ratio(inference, torch?.inference),
  };
}
