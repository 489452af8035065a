/** Epoch orders (seeded shuffle or class-balanced draws) and batch tensors built from them. */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@quakefed/seismic';
import { gatherWindows } from './gather-windows.js';
import type { WindowData } from './types.js';

/** A seeded permutation of 0..count-1 (Fisher–Yates). */
export function shuffledOrder(count: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * `count` draws with replacement, each a quake window with probability ½ and a noise window
 * otherwise (uniform within the class). Falls back to a shuffle when a class is empty.
 */
export function classBalancedOrder(labels: Uint8Array, rng: Rng): Uint32Array {
  const positives: number[] = [];
  const negatives: number[] = [];
  labels.forEach((label, i) => (label > 0 ? positives : negatives).push(i));
  if (positives.length === 0 || negatives.length === 0) return shuffledOrder(labels.length, rng);
  const order = new Uint32Array(labels.length);
  for (let i = 0; i < order.length; i++) {
    const pool = rng.next() < 0.5 ? positives : negatives;
    order[i] = pool[rng.int(pool.length)]!;
  }
  return order;
}

/** Gathers windows by index into one reused buffer and wraps them as batch tensors. */
export class BatchBuilder {
  private readonly windowSize: number;
  private readonly xBuffer: Float32Array;
  private readonly yBuffer: Float32Array;

  constructor(
    private readonly data: WindowData,
    batchSize: number,
  ) {
    this.windowSize = data.length * data.channels;
    this.xBuffer = new Float32Array(batchSize * this.windowSize);
    this.yBuffer = new Float32Array(batchSize);
  }

  /** Windows `order[start..end)` as x [n, length, channels] and y [n, 1]. Dispose both. */
  batch(order: Uint32Array, start: number, end: number): { x: tf.Tensor3D; y: tf.Tensor2D } {
    const { data, windowSize } = this;
    const n = gatherWindows(data, order, start, end, this.xBuffer, this.yBuffer);
    // The backend copies (wasm) or owns (cpu) the values until the tensor is disposed, which
    // happens before the buffer is refilled.
    return {
      x: tf.tensor3d(this.xBuffer.subarray(0, n * windowSize), [n, data.length, data.channels]),
      y: tf.tensor2d(this.yBuffer.subarray(0, n), [n, 1]),
    };
  }
}
