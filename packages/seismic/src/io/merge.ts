/**
 * Merging decoded miniSEED records into traces.
 * - Records of one channel are sorted by time and laid on one sample grid; a jump of more than half a
 *   sample period is a gap (recorded in `gaps`, filled per `gapFill`), overlapping samples are dropped
 *   (first record wins).
 * - Channels are grouped by NET.STA.LOC + band/instrument code (e.g. 'HH') and ordered Z, N|1, E|2;
 *   every channel is resampled to the group's rate and laid on a common grid starting at the earliest
 *   channel (sub-sample offsets between channels are rounded); edges a channel lacks count as gaps.
 * - A gap longer than `maxGapFillSeconds` on every channel at once is not filled: the trace is split there.
 * - A station with only Z yields a one-channel trace; the model-side policy (zeros or a copy of Z in
 *   the N/E slots) is applied when windows are cut (`zOnlyPolicy`).
 */
import { resample } from '../dsp/resample.js';
import { MSEED_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import type { Trace, TraceGap } from '../types.js';

/** Decoded samples of one record (or one contiguous segment). */
export interface ChannelSegment {
  network: string;
  station: string;
  location: string;
  channel: string;
  /** Epoch ms of the first sample. */
  startTime: number;
  sampleRate: number;
  samples: Float32Array;
}

interface MergedChannel {
  channel: string;
  startTime: number;
  sampleRate: number;
  data: Float32Array;
  gaps: TraceGap[];
}

type GapFill = 'interpolate' | 'zero';

/** Fills data[from, to) by `fill`, using the neighbours at from−1 and to. */
function fillSpan(data: Float32Array, from: number, to: number, fill: GapFill): void {
  if (fill === 'zero' || to <= from) return; // buffers start zeroed
  const left = from > 0 ? data[from - 1]! : to < data.length ? data[to]! : 0;
  const right = to < data.length ? data[to]! : left;
  for (let i = from; i < to; i++) data[i] = left + ((right - left) * (i - from + 1)) / (to - from + 1);
}

function mergeChannel(segments: ChannelSegment[], fill: GapFill): MergedChannel {
  const sorted = [...segments].sort((a, b) => a.startTime - b.startTime);
  const first = sorted[0]!;
  const fs = first.sampleRate;
  const dt = 1000 / fs;
  const placed: Array<{ at: number; samples: Float32Array }> = [];
  let end = 0; // samples covered so far
  for (const s of sorted) {
    if (s.sampleRate !== fs) {
      throw new SeismicError(
        SEISMIC_ERROR_CODES.badMseed,
        `${s.channel}: sample rate changes from ${fs} to ${s.sampleRate} Hz`,
      );
    }
    const at = Math.round((s.startTime - first.startTime) / dt);
    const skip = Math.max(0, end - at);
    if (skip >= s.samples.length) continue;
    placed.push({ at: at + skip, samples: s.samples.subarray(skip) });
    end = Math.max(end, at + s.samples.length);
  }
  const data = new Float32Array(end);
  const gaps: TraceGap[] = [];
  let cursor = 0;
  for (const p of placed) {
    if (p.at > cursor) gaps.push({ startTime: first.startTime + cursor * dt, endTime: first.startTime + p.at * dt });
    data.set(p.samples, p.at);
    cursor = p.at + p.samples.length;
  }
  for (const g of gaps) {
    const from = Math.round((g.startTime - first.startTime) / dt);
    fillSpan(data, from, Math.round((g.endTime - first.startTime) / dt), fill);
  }
  return { channel: first.channel, startTime: first.startTime, sampleRate: fs, data, gaps };
}

const ORIENTATION_ORDER: Record<string, number> = { Z: 0, N: 1, '1': 1, E: 2, '2': 2 };

/**
 * Key of the trace a channel's records go into: NET.STA.LOC plus the band and instrument codes (the
 * first two letters of the channel), so HHZ, HHN and HHE make one 3-component trace.
 */
export function traceGroupKey(id: Pick<ChannelSegment, 'network' | 'station' | 'location' | 'channel'>): string {
  return `${id.network}.${id.station}.${id.location}.${id.channel.slice(0, 2)}`;
}

/** Options of {@link assembleTraces}; defaults in `MSEED_DEFAULTS`. */
export interface AssembleOptions {
  gapFill?: GapFill;
  /** Resample every channel to this rate, Hz. */
  sampleRate?: number;
  /** Longest gap filled, seconds: a longer one (on all channels at once) splits the trace. */
  maxGapFillSeconds?: number;
}

/**
 * The segments of one trace group cut into stretches with no gap longer than `maxGapMs` on all
 * channels together, in time order. Filling a gap costs memory for every sample of it, so a single
 * record days away from the rest starts a trace of its own instead of being joined by days of fill.
 */
function splitAtLongGaps(segments: ChannelSegment[], maxGapMs: number): ChannelSegment[][] {
  const sorted = [...segments].sort((a, b) => a.startTime - b.startTime);
  const stretches: ChannelSegment[][] = [];
  let end = -Infinity;
  for (const s of sorted) {
    if (stretches.length === 0 || s.startTime - end > maxGapMs) stretches.push([]);
    stretches[stretches.length - 1]!.push(s);
    end = Math.max(end, s.startTime + (s.samples.length * 1000) / s.sampleRate);
  }
  return stretches;
}

/** Segments of one stretch of a group by channel, in first-seen order. */
function byChannel(segments: ChannelSegment[]): ChannelSegment[][] {
  const channels = new Map<string, ChannelSegment[]>();
  for (const s of segments) {
    // Appended in place: copying the list per record made assembly quadratic in records per channel.
    const list = channels.get(s.channel);
    if (list) list.push(s);
    else channels.set(s.channel, [s]);
  }
  return [...channels.values()];
}

/**
 * Merges decoded segments into traces: one per station and band/instrument code and stretch without a
 * gap longer than `maxGapFillSeconds`, sorted by id then time. Segments are grouped per channel in one pass,
 * then each channel is sorted once and laid on its grid once, so the time grows with the number of
 * segments as n log n (a day file holds thousands of records).
 */
export function assembleTraces(segments: ChannelSegment[], options: AssembleOptions = {}): Trace[] {
  const o = { ...MSEED_DEFAULTS, ...options };
  const groups = new Map<string, ChannelSegment[]>();
  for (const s of segments) {
    const key = traceGroupKey(s);
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const traces: Trace[] = [];
  for (const key of [...groups.keys()].sort()) {
    for (const stretch of splitAtLongGaps(groups.get(key)!, o.maxGapFillSeconds * 1000)) {
      traces.push(assembleGroup(key, byChannel(stretch), o));
    }
  }
  return traces;
}

/** One trace from the segments of each of its channels (the channels of one group and stretch). */
function assembleGroup(
  key: string,
  channelSegments: ChannelSegment[][],
  o: AssembleOptions & { gapFill: GapFill },
): Trace {
  const channels = channelSegments
    .map((segs) => mergeChannel(segs, o.gapFill))
    .sort((a, b) => (ORIENTATION_ORDER[a.channel.slice(2)] ?? 9) - (ORIENTATION_ORDER[b.channel.slice(2)] ?? 9));
  const fs = o.sampleRate ?? channels[0]!.sampleRate;
  const resampled = channels.map((c) => ({ ...c, data: resample(c.data, c.sampleRate, fs) }));
  const start = Math.min(...resampled.map((c) => c.startTime));
  const dt = 1000 / fs;
  const offsets = resampled.map((c) => Math.round((c.startTime - start) / dt));
  const length = Math.max(...resampled.map((c, i) => offsets[i]! + c.data.length));
  const gaps: TraceGap[] = [];
  const data = resampled.map((c, i) => {
    const out = new Float32Array(length);
    const at = offsets[i]!;
    out.set(c.data, at);
    if (at > 0) gaps.push({ startTime: start, endTime: start + at * dt });
    if (at + c.data.length < length)
      gaps.push({ startTime: start + (at + c.data.length) * dt, endTime: start + length * dt });
    fillSpan(out, 0, at, o.gapFill);
    fillSpan(out, at + c.data.length, length, o.gapFill);
    gaps.push(...c.gaps);
    return out;
  });
  const [network, station, location] = key.split('.') as [string, string, string];
  return {
    network,
    station,
    location,
    channels: resampled.map((c) => c.channel),
    startTime: start,
    sampleRate: fs,
    data,
    gaps: mergeGaps(gaps),
  };
}

/** Sorts gaps and merges overlapping ones (a gap on any channel is a gap of the trace). */
function mergeGaps(gaps: TraceGap[]): TraceGap[] {
  const sorted = [...gaps].sort((a, b) => a.startTime - b.startTime);
  const out: TraceGap[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last && g.startTime <= last.endTime) last.endTime = Math.max(last.endTime, g.endTime);
    else out.push({ ...g });
  }
  return out;
}
