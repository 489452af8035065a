/** Small operations on window sets (all windows of one shape). */
import type { WindowSet } from '@quakefed/seismic';

/** Concatenates window sets (at least one; all with the same window shape). */
export function concatWindows(sets: WindowSet[]): WindowSet {
  const first = sets[0]!;
  if (sets.length === 1) return first;
  const count = sets.reduce((n, w) => n + w.count, 0);
  const x = new Float32Array(count * first.length * first.channels);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const w of sets) {
    x.set(w.x, at * first.length * first.channels);
    labels.set(w.labels, at);
    at += w.count;
  }
  return { x, labels, count, length: first.length, channels: first.channels };
}

/** The first `count` windows of a set (views, not copies; the set itself when it holds no more). */
export function firstWindows(set: WindowSet, count: number): WindowSet {
  if (count >= set.count) return set;
  const stride = set.length * set.channels;
  return {
    x: set.x.subarray(0, count * stride),
    labels: set.labels.subarray(0, count),
    count,
    length: set.length,
    channels: set.channels,
  };
}
