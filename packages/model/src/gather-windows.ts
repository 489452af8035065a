/** Copying a batch of windows out of a dataset (no tfjs: the fused engine's worker threads use it too). */
import type { WindowData } from './types.js';

/**
 * Copies windows `order[start..end)` of `data` into `x` (window j at `j·stride + offset`, the
 * window's own size by default) and their labels into `y`; returns how many.
 */
export function gatherWindows(
  data: WindowData,
  order: Uint32Array,
  start: number,
  end: number,
  x: Float32Array,
  y: Float32Array,
  stride = data.length * data.channels,
  offset = 0,
): number {
  const windowSize = data.length * data.channels;
  for (let j = 0; j < end - start; j++) {
    const i = order[start + j]!;
    x.set(data.x.subarray(i * windowSize, (i + 1) * windowSize), j * stride + offset);
    y[j] = data.labels[i]!;
  }
  return end - start;
}
