/**
 * Gradient helper threads of multi-threaded fused training (`TrainOptions.threads`): each helper is a
 * worker thread with its own engine instance (gradient-worker.ts), driven through shared memory
 * (helper-protocol.ts) so that a step waits microseconds, not an event-loop turn, for its helpers.
 * Helpers are kept for later runs of this thread and never keep the process alive.
 */
import { once } from 'node:events';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { MODEL_ERROR_CODES, ModelError } from '../errors.js';
import {
  CONTROL_COUNT,
  CONTROL_SLOTS,
  CONTROL_STATE,
  CONTROL_WINDOW_SLOT,
  HELPER_STATE,
  SPIN_MS,
  spinWhile,
  stepBytes,
  stepViews,
} from './helper-protocol.js';
import type { HelperSetup, StepViews } from './helper-protocol.js';

const ENTRY = new URL('./gradient-worker-entry.mjs', import.meta.url);
/** Longest wait for a helper's answer: a step takes milliseconds, so only a helper that died waits this long. */
const HELPER_TIMEOUT_MS = 60_000;

/** One helper thread. */
export class GradientHelper {
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS));
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;
  private stepBuffer: StepViews | undefined;
  /** False once the helper failed: it is then terminated, never reused. */
  healthy = true;

  private constructor() {
    this.worker = new Worker(ENTRY, {
      workerData: { control: this.state.buffer, port: this.channel.port2 },
      transferList: [this.channel.port2],
    });
    this.channel.port1.unref();
  }

  /** A started helper (resolves once its module has loaded). */
  static async spawn(): Promise<GradientHelper> {
    const helper = new GradientHelper();
    await once(helper.worker, 'message');
    helper.worker.unref();
    return helper;
  }

  /** Configures the helper's engine; returns the step buffer the trainer fills before each {@link start}. */
  configure(setup: Omit<HelperSetup, 'shared'>): StepViews {
    const full: HelperSetup = { ...setup, shared: new SharedArrayBuffer(stepBytes(setup)) };
    this.channel.port1.postMessage(full);
    this.post(HELPER_STATE.configure);
    this.await(HELPER_STATE.configure);
    this.stepBuffer = stepViews(full);
    return this.stepBuffer;
  }

  /** Starts the gradient of the first `count` windows of the step buffer (weights there too). */
  start(count: number, slot: number): void {
    Atomics.store(this.state, CONTROL_COUNT, count);
    Atomics.store(this.state, CONTROL_WINDOW_SLOT, slot);
    this.post(HELPER_STATE.step);
  }

  /** Waits for the step started last; returns its mean loss (its gradient is in the step buffer). */
  finish(): number {
    this.await(HELPER_STATE.step);
    return this.stepBuffer!.loss[0]!;
  }

  /** Stops the thread. */
  close(): void {
    this.post(HELPER_STATE.exit);
    void this.worker.terminate();
  }

  private post(command: number): void {
    Atomics.store(this.state, CONTROL_STATE, command);
    Atomics.notify(this.state, CONTROL_STATE);
  }

  private await(command: number): void {
    spinWhile(this.state, CONTROL_STATE, command, SPIN_MS);
    while (Atomics.load(this.state, CONTROL_STATE) === command) {
      if (Atomics.wait(this.state, CONTROL_STATE, command, HELPER_TIMEOUT_MS) === 'timed-out') {
        this.healthy = false;
        throw new ModelError(MODEL_ERROR_CODES.threadFailed, 'a training helper thread stopped answering');
      }
    }
    if (Atomics.load(this.state, CONTROL_STATE) === HELPER_STATE.failed) {
      this.healthy = false;
      const reason = receiveMessageOnPort(this.channel.port1)?.message;
      throw new ModelError(MODEL_ERROR_CODES.threadFailed, `a training helper thread failed: ${String(reason)}`);
    }
  }
}

const idle: GradientHelper[] = [];

/** `count` helpers for one run (idle ones first); give them back with {@link releaseHelpers}. */
export async function acquireHelpers(count: number): Promise<GradientHelper[]> {
  const reused = idle.splice(0, count);
  const spawned = await Promise.allSettled(Array.from({ length: count - reused.length }, () => GradientHelper.spawn()));
  const helpers = [...reused, ...spawned.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))];
  const failure = spawned.find((s) => s.status === 'rejected');
  if (failure) {
    releaseHelpers(helpers);
    throw new ModelError(MODEL_ERROR_CODES.threadFailed, `a training helper thread did not start: ${failure.reason}`);
  }
  return helpers;
}

/** Returns helpers taken with {@link acquireHelpers}; failed ones are stopped instead. */
export function releaseHelpers(helpers: GradientHelper[]): void {
  for (const helper of helpers) {
    if (helper.healthy) idle.push(helper);
    else helper.close();
  }
}
