/**
 * The simulator's training pool: a few worker threads (one per core by default) doing all the local
 * training and scoring of a simulation, shared by every simulated client through the client package's
 * `Trainer` interface.
 */
import type { EvaluateOutcome, EvaluateTask, FitOutcome, FitTask, Trainer } from '@quakefed/client';
import type { BackendPreference, ModelConfig } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import type { LabelledWindowOptions, StationProfile, WindowSet } from '@quakefed/seismic';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import { WorkerPool } from './worker-pool.js';
import type { TrainingJob, TrainingJobResult } from './training-jobs.js';

/** Windows made on demand: `cutter()` starts a pass whose `cut(from, n)` returns windows `from … from + n − 1` in a fresh array, `from` increasing. */
export interface CutWindows {
  count: number;
  length: number;
  channels: number;
  cutter(): (from: number, n: number) => Float32Array<ArrayBuffer>;
}

/** What every worker is started with. */
export interface TrainingPoolInit {
  modelConfig?: Partial<ModelConfig>;
  /** Backend preference passed to `initBackend` (default: auto / `QUAKEFED_BACKEND`). */
  backend?: BackendPreference;
}

/**
 * Largest window buffer a fit job can take, bytes: a worker message carries a buffer of at most
 * 4 GiB − 1 (a larger one arrives truncated).
 */
export const MAX_FIT_BYTES = 2 ** 32 - 1;

/**
 * Bytes of windows per predict job: big enough to amortise messaging, small enough to share workers
 * fairly and to keep what is in flight small (each worker holds its chunk and the parent a copy: 4096
 * windows of 30 s were 147 MB each).
 */
export const PREDICT_CHUNK_BYTES = 32 * 2 ** 20;

/** A pool of training workers. */
export class TrainingPool {
  private readonly pool: WorkerPool<TrainingJob, TrainingJobResult>;

  /** @param size workers; 0 = one per available core */
  constructor(size: number, init: TrainingPoolInit = {}) {
    this.pool = new WorkerPool({ jobModule: new URL('./training-jobs.ts', import.meta.url), size, init });
  }

  get size(): number {
    return this.pool.size;
  }

  /** Name of the backend the workers use. */
  async backend(): Promise<string> {
    return (await this.pool.run({ kind: 'backend' })) as string;
  }

  /** Weights of a freshly built model: every compared run starts from these. */
  initialParameters(): Promise<Parameters> {
    return this.pool.run({ kind: 'initialParameters' }) as Promise<Parameters>;
  }

  /** @throws SimulationError `QF_ERR_WORKER_FAILED` when the windows exceed {@link MAX_FIT_BYTES} */
  fit(task: FitTask): Promise<FitOutcome> {
    if (task.data.x.byteLength > MAX_FIT_BYTES) {
      const gib = (task.data.x.byteLength / 2 ** 30).toFixed(2);
      return Promise.reject(
        new SimulationError(
          SIM_ERROR_CODES.workerFailed,
          `${task.data.count} training windows take ${gib} GiB; a training worker takes at most 4 GiB`,
        ),
      );
    }
    const data = ownBuffers(task.data);
    return this.pool.run({ kind: 'fit', task: { ...task, parameters: ownParameters(task.parameters), data } }, [
      data.x.buffer as ArrayBuffer,
    ]) as Promise<FitOutcome>;
  }

  evaluate(task: EvaluateTask): Promise<EvaluateOutcome> {
    return this.pool.run({
      kind: 'evaluate',
      task: { ...task, parameters: ownParameters(task.parameters), data: ownBuffers(task.data) },
    }) as Promise<EvaluateOutcome>;
  }

  /** A station's labelled windows, synthesized on a worker (without per-window metadata). */
  labelledWindows(profile: StationProfile, options: LabelledWindowOptions): Promise<WindowSet> {
    return this.pool.run({ kind: 'labelledWindows', profile, options }) as Promise<WindowSet>;
  }

  /**
   * Quake probabilities of `count` windows (layout of `WindowSet.x`), scored in chunks spread over all
   * workers. One chunk per worker is copied out at a time: copying them all up front doubled the
   * windows in memory (half a gigabyte for a 12 h test station).
   */
  predict(parameters: Parameters, x: Float32Array, count: number): Promise<Float32Array> {
    const stride = count === 0 ? 0 : x.length / count;
    return this.predictWindows(parameters, {
      count,
      length: stride,
      channels: 1,
      cutter: () => (from, n) => x.slice(from * stride, (from + n) * stride),
    });
  }

  /**
   * Quake probabilities of the windows of `source`, cut by one of its cutters chunk by chunk in
   * increasing order (a stream's windows cut as they are scored, never all at once).
   */
  async predictWindows(parameters: Parameters, source: CutWindows): Promise<Float32Array> {
    const { count } = source;
    const stride = source.length * source.channels;
    const cut = source.cutter();
    const chunk = Math.max(1, Math.floor(PREDICT_CHUNK_BYTES / (stride * Float32Array.BYTES_PER_ELEMENT)));
    const own = ownParameters(parameters);
    const out = new Float32Array(count);
    let next = 0;
    const feed = async (): Promise<void> => {
      while (next < count) {
        const start = next;
        const n = Math.min(chunk, count - start);
        next += n;
        const part = cut(start, n);
        out.set(
          (await this.pool.run({ kind: 'predict', parameters: own, x: part, count: n }, [part.buffer])) as Float32Array,
          start,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.size) }, feed));
    return out;
  }

  /**
   * A `Trainer` for one client backed by this pool. Clients never own the pool: disposing the view
   * does nothing; the pool is closed by whoever created it.
   */
  trainer(): Trainer {
    return {
      backend: () => this.backend(),
      fit: (task) => this.fit(task),
      evaluate: (task) => this.evaluate(task),
      dispose: async () => {},
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/*
 * Structured clone copies a typed array's whole underlying buffer, not just the view. Decoded tensors
 * are often views into one received message, and client window sets may be views too; giving each array
 * its own buffer keeps what crosses to a worker down to the bytes actually used.
 */
function own<T extends Float32Array | Uint8Array>(a: T): T {
  return (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice()) as T;
}

function ownParameters(params: Parameters): Parameters {
  return params.map((p) => ({ ...p, data: own(p.data) }));
}

/**
 * A copy of the window set's arrays (the x buffer is then transferred, so the caller keeps its own),
 * without the per-window metadata that training does not read.
 */
function ownBuffers(set: WindowSet): WindowSet {
  return { x: set.x.slice(), labels: own(set.labels), count: set.count, length: set.length, channels: set.channels };
}
