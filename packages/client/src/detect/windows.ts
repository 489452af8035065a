/**
 * Where the sliding windows of detection start. Windows that touch a data gap (or a flatline, which
 * detection treats as one) are skipped: a gap-filled stretch is not data the model was trained on
 * (the seismic package's `windowTrace` cuts every window and materialises them all; detection streams
 * batches instead).
 */
import type { Trace, TraceGap } from '@quakefed/seismic';

/** The trace's gaps and `extraGaps` as sample ranges [from, to), sorted by start. */
function gapSampleRanges(trace: Trace, extraGaps: readonly TraceGap[]): (readonly [number, number])[] {
  const msPerSample = 1000 / trace.sampleRate;
  return [...trace.gaps, ...extraGaps]
    .map(
      (g) =>
        [
          Math.floor((g.startTime - trace.startTime) / msPerSample),
          Math.ceil((g.endTime - trace.startTime) / msPerSample),
        ] as const,
    )
    .sort((a, b) => a[0] - b[0]);
}

/**
 * Sample index of every window start: `firstStart` plus a multiple of `hop`, window fully inside data
 * and free of the trace's gaps and of `extraGaps` (e.g. flatlines). `firstStart` keeps the starts on a
 * grid that began before the trace (a piece of a longer record read on its own).
 */
export function windowStartSamples(
  trace: Trace,
  windowSamples: number,
  hopSamples: number,
  firstStart = 0,
  extraGaps: readonly TraceGap[] = [],
): Int32Array {
  const total = trace.data[0]?.length ?? 0;
  const starts: number[] = [];
  const gaps = gapSampleRanges(trace, extraGaps);
  let g = 0;
  for (let s = firstStart; s + windowSamples <= total; s += hopSamples) {
    while (g < gaps.length && gaps[g]![1] <= s) g++;
    const gap = gaps[g];
    if (gap && gap[0] < s + windowSamples) continue;
    starts.push(s);
  }
  return Int32Array.from(starts);
}

/**
 * Sample index of every partial window (`preprocessPartialWindow`) at the end of `trace`: the starts
 * on the hop grid of `windowStartSamples` after its last full window, each with at least
 * `minKeptSamples` of data before the trace ends and no gap (nor any of `extraGaps`) from its start
 * to the end. An event in a trace's last seconds, or in a file no longer than a window, is then still
 * scored with its P inside the label span of some window.
 */
export function partialWindowStartSamples(
  trace: Trace,
  windowSamples: number,
  hopSamples: number,
  minKeptSamples: number,
  firstStart = 0,
  extraGaps: readonly TraceGap[] = [],
): Int32Array {
  const total = trace.data[0]?.length ?? 0;
  const lastGapEnd = gapSampleRanges(trace, extraGaps).reduce((end, [, to]) => Math.max(end, to), 0);
  const firstPartial = Math.max(total - windowSamples + 1, lastGapEnd, firstStart);
  const starts: number[] = [];
  let s = firstStart + Math.ceil((firstPartial - firstStart) / hopSamples) * hopSamples;
  for (; s + minKeptSamples <= total; s += hopSamples) starts.push(s);
  return Int32Array.from(starts);
}

/**
 * Copies windows starting at `starts[from..from+n)` (sample indices) into `out` as
 * [n, windowSamples, channels], channels last — the layout and zero-filling of the seismic package's
 * `copyWindow` (which is the reference in the tests), with one sequential pass over the output per
 * window instead of one strided pass per channel: detection copies every sample windowSeconds / hopSeconds times,
 * so this loop matters for throughput.
 */
export function interleaveWindows(
  data: readonly Float32Array[],
  starts: Int32Array,
  from: number,
  n: number,
  windowSamples: number,
  channels: number,
  out: Float32Array,
): void {
  const present = Math.min(channels, data.length);
  const z = data[0]!;
  for (let k = 0; k < n; k++) {
    const s = starts[from + k]!;
    let o = k * windowSamples * channels;
    if (present === 3 && channels === 3) {
      const north = data[1]!;
      const east = data[2]!;
      for (let t = s, end = s + windowSamples; t < end; t++, o += 3) {
        out[o] = z[t]!;
        out[o + 1] = north[t]!;
        out[o + 2] = east[t]!;
      }
    } else {
      for (let t = s, end = s + windowSamples; t < end; t++, o += channels) {
        for (let c = 0; c < channels; c++) out[o + c] = c < present ? data[c]![t]! : 0;
      }
    }
  }
}

/**
 * The raw window at sample `start` whose first `keptSamples` are data and the rest zeros, as
 * [windowSamples, channels] (a partial window before its preprocessing).
 */
export function rawPartialWindow(
  data: readonly Float32Array[],
  start: number,
  keptSamples: number,
  windowSamples: number,
  channels: number,
): Float32Array {
  const out = new Float32Array(windowSamples * channels);
  interleaveWindows(data, Int32Array.of(start), 0, 1, keptSamples, channels, out);
  return out;
}

/**
 * A batch array reused from call to call: the first `size` samples of one that grows to the largest
 * size asked for (what a `WindowCutter` that writes batches in JS memory returns).
 */
export function batchArray(): (size: number) => Float32Array {
  let buffer = new Float32Array(0);
  return (size) => {
    if (buffer.length < size) buffer = new Float32Array(size);
    return buffer.subarray(0, size);
  };
}
