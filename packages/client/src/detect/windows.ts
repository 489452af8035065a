/**
 * Sliding windows over a continuous trace, in the model's input layout ([count, length, channels],
 * channels last, order Z,N,E). Windows that touch a data gap are skipped: a gap-filled stretch is not
 * data the model was trained on.
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

/**
 * Copies windows starting at `starts[from..from+n)` into `out` as [n, windowSamples, channels]. The
 * trace's channels are mapped onto the model's (`channelMap[c]` = trace channel for model channel c,
 * or -1 for a component the station lacks, which is left zero).
 */
export function fillWindows(
  trace: Trace,
  starts: Int32Array,
  from: number,
  n: number,
  windowSamples: number,
  channelMap: readonly number[],
  out: Float32Array,
): void {
  const channels = channelMap.length;
  const stride = windowSamples * channels;
  out.fill(0, 0, n * stride);
  for (let c = 0; c < channels; c++) {
    const source = channelMap[c]!;
    if (source < 0) continue;
    const data = trace.data[source]!;
    for (let k = 0; k < n; k++) {
      const s = starts[from + k]!;
      const base = k * stride + c;
      for (let t = 0; t < windowSamples; t++) out[base + t * channels] = data[s + t]!;
    }
  }
}

/**
 * Which trace channel feeds each model channel. Model channels are Z,N,E (or Z alone); trace channels
 * are matched on the last letter of their code (Z/N/E, with 1→N and 2→E for stations whose horizontals
 * are not oriented north/east). A missing component maps to -1.
 */
export function channelMapFor(trace: Trace, modelChannels: number): number[] {
  const orientation = trace.channels.map((code) => {
    const o = code.slice(-1).toUpperCase();
    return o === '1' ? 'N' : o === '2' ? 'E' : o;
  });
  const wanted = ['Z', 'N', 'E'].slice(0, modelChannels);
  return wanted.map((o) => orientation.indexOf(o));
}
