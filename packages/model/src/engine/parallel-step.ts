/**
 * A training step shared between the trainer's engine and gradient helper threads: each computes the
 * mean gradient of its share of the batch from the same weights; the trainer's engine combines them
 * into the batch's mean (weighted by share sizes, in float64) and takes the one optimiser step.
 *
 * Copying a helper's windows into its step buffer is the trainer's work, and before a helper starts
 * it is serial work. So once its own share is done, while the helpers finish theirs, the trainer
 * gathers the helpers' windows of the batch that follows in the same order into their other window
 * slot. The next step uses them when its range and window indices are the ones gathered (a training
 * loop walks an epoch's order batch after batch), and gathers as before otherwise. Measured on 2 cores
 * (200 steps of 32 windows, best of 5, five runs each, interleaved): 2 threads 1.61–1.70× one thread,
 * against 1.41–1.63× gathering before each start.
 */
import { gatherWindows } from '../gather-windows.js';
import type { WindowData } from '../types.js';
import type { FusedEngine } from './fused-engine.js';
import type { GradientHelper } from './helper-threads.js';
import { WINDOW_SLOTS, type StepViews } from './helper-protocol.js';

/**
 * The trainer's share of an `n`-window batch among `threads` threads: one window less than an even
 * split (at least one), because the trainer also copies the helpers' windows and takes the update
 * while they wait. With the pooled 30 s model a window's gradient is ~70 µs and those copies and the
 * update take about as long as one more window. Measured on 2 cores (scratch, 200 steps of 32, best of
 * 5, six interleaved runs each): 2 threads 1.23–1.71× one thread, median 1.66×, against 1.50–1.75×,
 * median 1.59×, for an even split.
 */
export function trainerShare(n: number, threads: number): number {
  return threads <= 1 ? n : Math.max(1, Math.floor(n / threads) - 1);
}

/** The largest helper share of an `n`-window batch among `threads` threads (what a helper is configured for). */
export function helperShare(n: number, threads: number): number {
  return threads <= 1 ? 0 : Math.ceil((n - trainerShare(n, threads)) / (threads - 1));
}

/** The windows gathered ahead into one window slot of a helper's step buffer. */
class GatheredSlot {
  private indices = new Uint32Array(0);
  private order: Uint32Array | undefined;

  constructor(readonly slot: number) {}

  /** Gathers windows `order[from..to)` of `data` into this slot of `buffer`. */
  gather(data: WindowData, buffer: StepViews, order: Uint32Array, from: number, to: number): void {
    const windowSize = data.length * data.channels;
    const maxBatch = buffer.labels.length / WINDOW_SLOTS;
    gatherWindows(
      data,
      order,
      from,
      to,
      buffer.x,
      buffer.labels.subarray(this.slot * maxBatch),
      windowSize,
      this.slot * maxBatch * windowSize,
    );
    this.order = order;
    this.indices = order.slice(from, to);
  }

  /** Whether this slot holds windows `order[from..to)`. */
  holds(order: Uint32Array, from: number, to: number): boolean {
    if (this.order !== order || this.indices.length !== to - from) return false;
    for (let j = 0; j < this.indices.length; j++) if (this.indices[j] !== order[from + j]) return false;
    return true;
  }
}

/** The step function of a run whose helpers are configured for shares of {@link helperShare}. */
export function parallelStep(
  engine: FusedEngine,
  helpers: GradientHelper[],
  stepBuffers: StepViews[],
  data: WindowData,
): (order: Uint32Array, start: number, end: number) => number {
  const slots = helpers.map(() => [new GatheredSlot(0), new GatheredSlot(1)] as const);
  /** Each helper's windows of the batch `order[start..end)`, as [from, to) ranges. */
  const helperRanges = (start: number, end: number): [number, number][] => {
    const threads = helpers.length + 1;
    const share = helperShare(end - start, threads);
    const ranges: [number, number][] = [];
    for (
      let from = start + trainerShare(end - start, threads);
      ranges.length < helpers.length && from < end;
      from += share
    )
      ranges.push([from, Math.min(end, from + share)]);
    return ranges;
  };
  const step = (order: Uint32Array, start: number, end: number): number => {
    const n = end - start;
    const params = engine.internalParameters();
    const started: { helper: GradientHelper; count: number; grads: Float32Array }[] = [];
    const busy: number[] = [];
    for (const [i, [from, to]] of helperRanges(start, end).entries()) {
      const buffer = stepBuffers[i]!;
      buffer.params.set(params);
      const ready = slots[i]!.find((s) => s.holds(order, from, to));
      const use = ready ?? slots[i]![0];
      if (!ready) use.gather(data, buffer, order, from, to);
      helpers[i]!.start(to - from, use.slot);
      busy.push(use.slot);
      started.push({ helper: helpers[i]!, count: to - from, grads: buffer.grads });
    }
    const own = Math.min(trainerShare(n, helpers.length + 1), n);
    let lossSum = engine.gradients(engine.loadBatch(data, order, start, start + own)) * own;
    if (end < order.length) {
      for (const [i, [from, to]] of helperRanges(end, Math.min(order.length, end + n)).entries())
        slots[i]![1 - (busy[i] ?? 1)]!.gather(data, stepBuffers[i]!, order, from, to);
    }
    for (const { helper, count } of started) lossSum += helper.finish() * count;
    engine.combineGradients(own, started);
    return lossSum / n + engine.update();
  };
  return (order, start, end) => {
    try {
      return step(order, start, end);
    } catch (error) {
      // A helper may still be mid-step: none of them is fit to be reused.
      for (const helper of helpers) helper.healthy = false;
      throw error;
    }
  };
}
