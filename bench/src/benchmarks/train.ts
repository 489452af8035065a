/**
 * Local-training throughput of the reference model (batch 32, Adam, 1 thread), measured in one run
 * on: the chosen backend (initBackend('auto'): tfjs-node if it loads, else wasm-qf), the stock tfjs
 * `cpu` backend (a few steps only: it is slow), and the PyTorch twin (bench/peers/torch_train.py)
 * when `python3 -c "import torch"` works. Also inference windows/s on the chosen backend.
 * Args: --steps N (chosen backend, default 100), --cpu-steps N (default 2), --no-torch.
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
import type { BackendPreference, ModelConfig, WindowData } from '@quakefed/model';
import { runPythonPeer } from '../peers.js';

const BATCH = 32;
const INFERENCE_WINDOWS = 4096;

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

/** Training windows/s on `backend`: one warm-up step, then `steps` timed steps of batch 32. */
async function trainingThroughput(backend: BackendPreference, config: ModelConfig, steps: number): Promise<number> {
  await initBackend(backend);
  const model = buildModel(config);
  const options = { epochs: 1, batchSize: BATCH, optimizer: 'adam' as const, loss: 'focal' as const, seed: 1 };
  await trainLocal(model, randomWindows(config, BATCH, 1), options);
  const data = randomWindows(config, BATCH * steps, 2);
  const started = performance.now();
  await trainLocal(model, data, options);
  const seconds = (performance.now() - started) / 1000;
  model.dispose();
  return data.count / seconds;
}

async function inferenceThroughput(config: ModelConfig): Promise<number> {
  const model = buildModel(config);
  const data = randomWindows(config, INFERENCE_WINDOWS, 3);
  const warmUp = 256;
  await predictScores(model, data.x.subarray(0, warmUp * config.windowLength * config.channels), warmUp);
  const started = performance.now();
  await predictScores(model, data.x, data.count);
  const seconds = (performance.now() - started) / 1000;
  model.dispose();
  return data.count / seconds;
}

/** The torch twin's windows/s, or null when no python3 with torch is found. */
function torchThroughput(config: ModelConfig): number | null {
  const peer = runPythonPeer('torch', 'torch_train.py', [JSON.stringify({ ...config, batchSize: BATCH })]);
  return peer ? (peer['torch_windows_per_s'] as number) : null;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const config = resolveModelConfig();
  const steps = argValue(args, '--steps', 100);
  const cpuSteps = argValue(args, '--cpu-steps', 2);

  const backend = await initBackend('auto');
  const detail = describeBackend();
  process.stderr.write(`training on ${detail}: ${steps} steps\n`);
  const windowsPerSecond = await trainingThroughput(backend, config, steps);
  const inference = await inferenceThroughput(config);
  process.stderr.write(`training on stock cpu: ${cpuSteps} steps\n`);
  const stock = await trainingThroughput('cpu', config, cpuSteps);
  await initBackend(backend);
  const torch = args.includes('--no-torch') ? null : torchThroughput(config);
  const round = (v: number): number => Math.round(v * 10) / 10;
  return {
    backend,
    backend_detail: detail,
    params: countParameters(config),
    batch_size: BATCH,
    optimizer: 'adam',
    windows_per_s: round(windowsPerSecond),
    stock_cpu_windows_per_s: round(stock),
    speedup: round(windowsPerSecond / stock),
    torch_windows_per_s: torch === null ? null : round(torch),
    vs_torch: torch === null ? null : Math.round((windowsPerSecond / torch) * 1000) / 1000,
    inference_windows_per_s: round(inference),
  };
}
