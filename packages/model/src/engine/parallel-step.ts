/**
 * A training step shared between the trainer's engine and gradient helper threads: each computes the
 * mean gradient of its share of the batch from the same weights; the trainer's engine combines them
 * into the batch's mean (weighted by share sizes, in float64) and takes the one optimiser step.
 */
import { gatherWindows } from '../gather-windows.js';
import type { WindowData } from '../types.js';
import type { FusedEngine } from './fused-engine.js';
import type { GradientHelper } from './helper-threads.js';

/** Largest share of an `n`-window batch among `threads` threads (the trainer's; helpers take the rest). */
export function shareSize(n: number, threads: number): number {
  return Math.ceil(n / threads);
}

/** The step function of a run whose helpers are configured for shares of {@link shareSize}. */
export function parallelStep(
  engine: FusedEngine,
  helpers: GradientHelper[],
  stepBuffers: ReturnType<GradientHelper['configure']>[],
  data: WindowData,
): (order: Uint32Array, start: number, end: number) => number {
  const step = (order: Uint32Array, start: number, end: number): number => {
    const n = end - start;
    const share = shareSize(n, helpers.length + 1);
    const params = engine.internalParameters();
    const started: { helper: GradientHelper; count: number; grads: Float32Array }[] = [];
    for (let i = 0, from = start + share; i < helpers.length && from < end; i++, from += share) {
      const to = Math.min(end, from + share);
      const buffer = stepBuffers[i]!;
      buffer.params.set(params);
      gatherWindows(data, order, from, to, buffer.x, buffer.labels);
      helpers[i]!.start(to - from);
      started.push({ helper: helpers[i]!, count: to - from, grads: buffer.grads });
    }
    const own = Math.min(share, n);
    let lossSum = engine.gradients(engine.loadBatch(data, order, start, start + own)) * own;
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
