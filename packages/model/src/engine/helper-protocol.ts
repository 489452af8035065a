/**
 * The shared-memory protocol between a training thread and its gradient helpers (helper-threads.ts,
 * gradient-worker.ts). A control word holds the command the trainer posts or the state the helper
 * answers; the trainer polls and then sleeps on it (Atomics.wait) while the helper works, the helper polls and sleeps on it
 * between commands. A step's operands (weights, windows, labels) and results (gradient, loss) lie in
 * one SharedArrayBuffer per helper, sized at each configure.
 */
import type { ResolvedLoss } from '../losses.js';
import type { ModelConfig } from '../types.js';

/** Values of the control word (index {@link CONTROL_STATE}). */
export const HELPER_STATE = {
  /** The initial value: nothing asked yet. */
  idle: 0,
  /** Written by the trainer: configure from the setup message waiting on the helper's port. */
  configure: 1,
  /** Written by the trainer: compute the gradient of the `CONTROL_COUNT` windows in the step buffer. */
  step: 2,
  /** Written by the trainer: leave the loop. */
  exit: 3,
  /** Written by the helper: the command is done. */
  done: 4,
  /** Written by the helper: the command failed (the error follows on the helper's port). */
  failed: 5,
} as const;

/** Index of the command/state word, of the step's window count and of its window slot in the control array. */
export const CONTROL_STATE = 0;
export const CONTROL_COUNT = 1;
export const CONTROL_WINDOW_SLOT = 2;
/** Int32 slots of the control array. */
export const CONTROL_SLOTS = 3;
/**
 * Window slots of a step buffer, each of `maxBatch` windows: a step reads one while the trainer gathers
 * the next step's windows into the other (parallel-step.ts).
 */
export const WINDOW_SLOTS = 2;

/** What a helper is configured with. */
export interface HelperSetup {
  config: ModelConfig;
  loss: ResolvedLoss;
  /** Most windows of one step's share. */
  maxBatch: number;
  /** Length of the engine's internal parameter layout. */
  paramsLength: number;
  /** The step buffer, laid out by {@link stepViews}. */
  shared: SharedArrayBuffer;
}

/** Views of a step buffer: loss, weights, gradient, labels and windows (of every window slot, slot after slot). */
export interface StepViews {
  loss: Float64Array;
  params: Float32Array;
  grads: Float32Array;
  labels: Float32Array;
  x: Float32Array;
}

/** Bytes of the step buffer for `setup` (without `shared`). */
export function stepBytes({ config, maxBatch, paramsLength }: Omit<HelperSetup, 'shared' | 'loss'>): number {
  return 8 + 4 * (2 * paramsLength + WINDOW_SLOTS * maxBatch * (1 + config.windowLength * config.channels));
}

/** The views of `setup.shared`. */
export function stepViews({ config, maxBatch, paramsLength, shared }: HelperSetup): StepViews {
  const windowFloats = WINDOW_SLOTS * maxBatch * config.windowLength * config.channels;
  let offset = 8;
  const floats = (n: number): Float32Array => {
    const view = new Float32Array(shared, offset, n);
    offset += 4 * n;
    return view;
  };
  return {
    loss: new Float64Array(shared, 0, 1),
    params: floats(paramsLength),
    grads: floats(paramsLength),
    labels: floats(WINDOW_SLOTS * maxBatch),
    x: floats(windowFloats),
  };
}

/**
 * How long a thread polls the control word before it sleeps on it, ms. The waits inside a training
 * run are a tenth of a millisecond or two (a helper between steps, the trainer for a helper), and a
 * thread that sleeps lets its core idle, which on a virtual machine can take tens of microseconds to
 * wake. Measured on 2 vCPUs (`npm run bench -- train --no-torch`, six interleaved runs each, a busy
 * host): 2 threads a mean 1.40× one thread polling (1.11–1.72), 1.12× without (1.05–1.31). Longer
 * waits (between runs) sleep after this.
 */
export const SPIN_MS = 0.5;

/** Polls while `state[index]` is `value`, for at most `spinMs`; returns whether it changed. */
export function spinWhile(state: Int32Array, index: number, value: number, spinMs: number): boolean {
  const until = performance.now() + spinMs;
  while (Atomics.load(state, index) === value) if (performance.now() > until) return false;
  return true;
}
