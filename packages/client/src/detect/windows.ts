/**
 * Where the sliding windows of detection start. Windows that touch a data gap are skipped: a
 * gap-filled stretch is not data the model was trained on (the seismic package's `windowTrace` cuts
 * every window and materialises them all; detection streams batches instead).
 */
import type { Trace } from '@quakefed/seismic';

/** Sample index of every window start: a multiple of `hop`, window fully inside data and gap-free. */
export function windowStartSamples(trace: Trace, windowSamples: number, hopSamples: number): Int32Array {
  const total = trace.data[0]?.length ?? 0;
  const starts: number[] = [];
  const msPerSample = 1000 / trace.sampleRate;
  // Gaps as sample ranges [from, to), sorted.
  const gaps = trace.gaps
    .map((g) => [Math.floor((g.startTime - trace.startTime) / msPerSample), Math.ceil((g.endTime - trace.startTime) / msPerSample)] as const)
    .sort((a, b) => a[0] - b[0]);
  let g = 0;
  for (let s = 0; s + windowSamples <= total; s += hopSamples) {
    while (g < gaps.length && gaps[g]![1] <= s) g++;
    const gap = gaps[g];
    if (gap && gap[0] < s + windowSamples) continue;
    starts.push(s);
  }
  return Int32Array.from(starts);
}
