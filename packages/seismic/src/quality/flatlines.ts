/**
 * Flatlines: stretches where a channel repeats one value. A live sensor's noise never holds a value
 * for long (even a quiet site moves a 24-bit digitizer by several counts per sample), so a long run of
 * identical samples is missing data — zero padding at the start of a cut-out recording, a zero-filled
 * telemetry gap, a dead channel or a clipped digitizer. The step from such a stretch into live data
 * looks like an impulsive onset to any detector, so detection treats flatlines like data gaps.
 */
import { QUALITY_DEFAULTS } from '../defaults.js';
import type { Trace, TraceGap } from '../types.js';

/**
 * Sample ranges [from, to) of one channel where at least `minSamples` consecutive samples are equal
 * (NaN equals nothing). Detection scans every sample of every channel, so not every sample is read: a
 * run of `minSamples` holds two probes `step` = ⌊minSamples / 2⌋ apart wherever it lies, so only where
 * two such probes are equal is the run around them measured.
 */
export function flatRuns(x: ArrayLike<number>, minSamples: number): [number, number][] {
  const runs: [number, number][] = [];
  const n = x.length;
  const step = Math.max(1, Math.floor(minSamples / 2));
  // With fewer than two samples a run need not hold two probes: measure the run at every probe.
  const paired = 2 * step <= minSamples;
  // Samples before `end` are measured; a run that ends there ends at a change of value.
  let end = 0;
  for (let p = 0; p < n; p += step) {
    if (p < end || (paired && !(p + step < n && x[p] === x[p + step]))) continue;
    const v = x[p];
    let from = p;
    while (from > end && x[from - 1] === v) from--;
    let to = p + 1;
    while (to < n && x[to] === v) to++;
    if (to - from >= minSamples) runs.push([from, to]);
    end = to;
  }
  return runs;
}

/**
 * The flatlines of every channel of `trace` as gaps (epoch ms, sorted by start; channels' runs may
 * overlap). A run shorter than `minSeconds` is kept as data.
 */
export function findFlatlines(trace: Trace, minSeconds: number = QUALITY_DEFAULTS.minFlatlineSeconds): TraceGap[] {
  const msPerSample = 1000 / trace.sampleRate;
  const minSamples = Math.max(2, Math.round(minSeconds * trace.sampleRate));
  return trace.data
    .flatMap((channel) => flatRuns(channel, minSamples))
    .map(([from, to]) => ({
      startTime: trace.startTime + from * msPerSample,
      endTime: trace.startTime + to * msPerSample,
    }))
    .sort((a, b) => a.startTime - b.startTime);
}
