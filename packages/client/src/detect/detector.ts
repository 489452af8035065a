/**
 * Detection on continuous data: slide the model's window over a trace with a hop, preprocess each
 * window exactly as training windows are (see `WindowPreprocessing`), and past the last full window
 * the partial windows down to `minPartialSeconds` of data, score them in batches, pick the
 * P onset inside each window scoring at least `pickAbove` (AIC), merge runs of positive evidence into
 * detections dated by their earliest pick near the peak (`mergeDetections`).
 */
import { findFlatlines, windowOnsetOffsetSeconds, WINDOW_DEFAULTS, type Trace } from '@quakefed/seismic';
import type { DetectionOptions } from '../defaults.js';
import { mergeDetections, type Detection, type StreamId, type WindowGeometry } from './merge.js';
import { partialWindowStartSamples, windowStartSamples } from './windows.js';

/** Scores windows laid out [count, windowSamples, channels]; probabilities in [0,1]. */
export interface WindowScorer {
  readonly windowSamples: number;
  readonly channels: number;
  /** Sampling rate the model's windows are meant for, Hz. */
  readonly sampleRate: number;
  score(x: Float32Array, count: number): Promise<Float32Array>;
}

/**
 * Windows `from … from + n − 1` (of the starts it was made for) as [n, length, channels]. The array
 * belongs to the cutter and is reused by its next call (the stream form writes into its kernels'
 * memory, so the batch is not copied once more).
 */
export type WindowCutter = (from: number, n: number) => Float32Array;

/**
 * The preprocessing of classifier inputs: `trace` runs once over the whole stream (e.g. resampling);
 * `windows` prepares the windows at the given start samples of that trace (whatever can be done once per
 * stream is done there) and returns the function that cuts them, preprocessed, batch by batch.
 */
export interface WindowPreprocessing {
  trace(trace: Trace): Trace;
  windows(trace: Trace, starts: Int32Array, length: number, channels: number): WindowCutter;
  /** The partial window at sample `start` of `trace` holding its last `keptSamples` (`preprocessPartialWindow`). */
  partialWindow(trace: Trace, start: number, keptSamples: number, length: number, channels: number): Float32Array;
}

/** Everything detection computed for one trace. */
export interface TraceDetections {
  stream: StreamId;
  /** Start of every scored window, epoch ms, and its score. */
  windowStarts: Float64Array;
  scores: Float32Array;
  /** The in-window (AIC) onset pick of each window scoring at least `pickAbove`, epoch ms; NaN elsewhere. */
  onsets: Float64Array;
  detections: Detection[];
  /** How the windows were cut and labelled (what merging them into detections assumes). */
  geometry: WindowGeometry;
  /** Seconds of data covered by the trace. */
  durationSeconds: number;
}

/** The stream id detections of a trace are reported under: its vertical (or first) channel. */
export function streamOf(trace: Trace): StreamId {
  const z = trace.channels.find((c) => c.toUpperCase().endsWith('Z')) ?? trace.channels[0] ?? '';
  return { network: trace.network, station: trace.station, location: trace.location, channel: z };
}

/** Runs the scorer over a trace and returns its scores and merged detections. */
export async function detectInTrace(
  raw: Trace,
  scorer: WindowScorer,
  preprocessing: WindowPreprocessing,
  options: DetectionOptions,
): Promise<TraceDetections> {
  const trace = preprocessing.trace(raw);
  if (trace.sampleRate !== scorer.sampleRate) {
    throw new Error(`trace at ${trace.sampleRate} Hz after preprocessing, model expects ${scorer.sampleRate} Hz`);
  }
  const { windowSamples, channels } = scorer;
  const hopSamples = Math.max(1, Math.round(options.hopSeconds * trace.sampleRate));
  // Flatlines (zero padding, dead stretches) are missing data: their edges look like onsets.
  const flatlines = findFlatlines(trace);
  const starts = windowStartSamples(trace, windowSamples, hopSamples, 0, flatlines);
  const minKept = Math.min(windowSamples, Math.round(WINDOW_DEFAULTS.minPartialSeconds * trace.sampleRate));
  const partialStarts = partialWindowStartSamples(trace, windowSamples, hopSamples, minKept, 0, flatlines);
  const count = starts.length + partialStarts.length;
  const scores = new Float32Array(count);
  const msPerSample = 1000 / trace.sampleRate;
  const windowStarts = Float64Array.from([...starts, ...partialStarts], (s) => trace.startTime + s * msPerSample);
  // Picked while the batch still holds the windows: only the few that can date a detection.
  const onsets = new Float64Array(count).fill(Number.NaN);
  const pickAbove = options.pickAbove ?? options.threshold;
  const scoreBatch = async (x: Float32Array, from: number, n: number): Promise<void> => {
    const batchScores = await scorer.score(x, n);
    scores.set(batchScores, from);
    for (let j = 0; j < n; j++) {
      if (batchScores[j]! >= pickAbove)
        onsets[from + j] =
          windowStarts[from + j]! + windowOnsetOffsetSeconds(x, j, windowSamples, channels, trace.sampleRate) * 1000;
    }
  };
  const cut = preprocessing.windows(trace, starts, windowSamples, channels);
  for (let from = 0; from < starts.length; from += options.batchSize) {
    const n = Math.min(options.batchSize, starts.length - from);
    await scoreBatch(cut(from, n), from, n);
  }
  if (partialStarts.length > 0) {
    const size = windowSamples * channels;
    const total = trace.data[0]?.length ?? 0;
    const x = new Float32Array(partialStarts.length * size);
    partialStarts.forEach((s, k) =>
      x.set(preprocessing.partialWindow(trace, s, total - s, windowSamples, channels), k * size),
    );
    await scoreBatch(x, starts.length, partialStarts.length);
  }
  const geometry: WindowGeometry = {
    windowMs: windowSamples * msPerSample,
    hopMs: hopSamples * msPerSample,
    // The training label convention: a window is positive when its P onset lies in this span.
    onsetMinOffsetMs: WINDOW_DEFAULTS.pOffsetRangeSeconds[0] * 1000,
    onsetMaxOffsetMs: WINDOW_DEFAULTS.pOffsetRangeSeconds[1] * 1000,
  };
  const stream = streamOf(trace);
  return {
    stream,
    windowStarts,
    scores,
    onsets,
    detections: mergeDetections(windowStarts, scores, options.threshold, geometry, stream, onsets),
    geometry,
    durationSeconds: ((trace.data[0]?.length ?? 0) * msPerSample) / 1000,
  };
}
