/**
 * Flatlines: stretches where a channel repeats one value. A live sensor's noise never holds a value
 * for long (even a quiet site moves a 24-bit digitizer by several counts per sample), so a long run of
 * identical samples is missing data — zero padding at the start of a cut-out recording, a zero-filled
 * telemetry gap, a dead channel or a clipped digitizer. The step from such a stretch into live data
 * looks like an impulsive onset to any detector, so detection treats flatlines like data gaps.
 */
import { QUALITY_DEFAULTS } from '../defaults.js';
import type { Trace, TraceGap } from '../types.js';

/** Sample ranges [from, to) of one channel where at least `minSamples` consecutive samples are equal. */
export function flatRuns(x: ArrayLike<number>, minSamples: number): [number, number][] {
  const runs: [number, number][] = [];
  let from = 0;
  for (let i = 1; i <= x.length; i++) {
    if (i < x.length && x[i] === x[from]) continue;
    if (i - from >= minSamples) runs.push([from, i]);
    from = i;
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
