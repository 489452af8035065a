/**
 * A fixed-size pool of worker threads running one job module. Jobs queue in the parent and go to the
 * first idle worker, so hundreds of callers (e.g. simulated clients) share a few training threads.
 * A worker that dies fails only the job it was running and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import type { JobReply } from './serve.js';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Options of a worker pool. */
export interface WorkerPoolOptions {
  /** URL of the TypeScript module that calls `serveJobs` (e.g. `new URL('./job.ts', import.meta.url)`). */
  jobModule: URL;
  /** Number of workers; default (and 0): `os.availableParallelism()`. */
  size?: number;
  /** Passed to each worker as `workerData.init`. */
  init?: unknown;
}

interface Pending<Res> {
  id: number;
  request: unknown;
  transfer: ArrayBuffer[];
  resolve: (res: Res) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Pending<unknown> | null;
}

/** A pool of worker threads answering requests of type `Req` with results of type `Res`. */
export class WorkerPool<Req, Res> {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending<Res>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = options.size && options.size > 0 ? options.size : availableParallelism();
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Jobs waiting for a worker (not counting those running). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Runs one job on the next idle worker.
   * @param transfer buffers moved to the worker instead of copied (they become unusable here)
   */
  run(request: Req, transfer: ArrayBuffer[] = []): Promise<Res> {
    if (this.closed) return Promise.reject(new SimulationError(SIM_ERROR_CODES.poolClosed, 'worker pool is closed'));
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates the workers; queued jobs are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new SimulationError(SIM_ERROR_CODES.poolClosed, 'worker pool closed before the job ran');
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.job?.reject(err);
        slot.job = null;
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, {
      workerData: { jobModule: this.options.jobModule.href, init: this.options.init },
    });
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: JobReply<Res>) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      if (reply.ok) job.resolve(reply.result);
      else
        job.reject(
          Object.assign(new SimulationError(SIM_ERROR_CODES.workerFailed, reply.error.message), { cause: reply.error }),
        );
      this.dispatch();
    });
    const fail = (err: Error) => this.replace(slot, err);
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    // Idle workers must not keep the process alive once the caller is done with the pool.
    worker.unref();
    return slot;
  }

  /** A worker died: fail its job, start a fresh worker in its place. */
  private replace(slot: Slot, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    const job = slot.job;
    slot.job = null;
    job?.reject(new SimulationError(SIM_ERROR_CODES.workerFailed, `training worker failed: ${err.message}`));
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job as Pending<unknown>;
      // A running job keeps the process alive; an idle worker does not.
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, request: job.request }, job.transfer);
    }
    for (const slot of this.slots) if (!slot.job) slot.worker.unref();
  }
}
