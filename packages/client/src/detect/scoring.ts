/**
 * The production scorer and preprocessing of detection: the tfjs classifier through the model
 * package's batched `predictScores`, and windows preprocessed exactly as training windows are — cut
 * from the stream by the seismic package's `StreamWindows`, or one by one through `preprocessWindows`
 * (the training path itself, kept as the reference and for options the stream form does not support).
 */
import { modelConfigOf, predictScores, type buildModel } from '@quakefed/model';
import {
  preprocessPartialWindow,
  preprocessWindows,
  resample,
  StreamWindows,
  streamPreprocessingSupported,
  type PreprocessOptions,
  type Trace,
} from '@quakefed/seismic';
import { MODEL_SAMPLE_RATE_HZ } from '../defaults.js';
import type { WindowPreprocessing, WindowScorer } from './detector.js';
import { batchArray, interleaveWindows, rawPartialWindow } from './windows.js';

type LayersModel = ReturnType<typeof buildModel>;

/** A scorer running `model` on batches of `batchSize` windows. */
export function modelScorer(model: LayersModel, batchSize: number): WindowScorer {
  const config = modelConfigOf(model);
  return {
    windowSamples: config.windowLength,
    channels: config.channels,
    sampleRate: MODEL_SAMPLE_RATE_HZ,
    score: (x, count) => predictScores(model, x, count, batchSize),
  };
}

/** Resamples a trace to `rate` (no-op when it is already there). */
function atRate(trace: Trace, rate: number): Trace {
  if (trace.sampleRate === rate) return trace;
  return { ...trace, sampleRate: rate, data: trace.data.map((d) => resample(d, trace.sampleRate, rate)) };
}

/** One partial window, copied out and preprocessed on its own (a few per trace: the reference path). */
function partialWindowOf(sampleRate: number, options: PreprocessOptions): WindowPreprocessing['partialWindow'] {
  return (trace, start, keptSamples, length, channels) =>
    preprocessPartialWindow(
      rawPartialWindow(trace.data, start, keptSamples, length, channels),
      length,
      keptSamples,
      channels,
      sampleRate,
      options,
    );
}

/**
 * Resampling to the model's rate, then windows cut from the stream with the band-pass run once per
 * sample (`StreamWindows`): the same windows as `perWindowPreprocessing` within float rounding, at a
 * cost per window that does not include the filter's recursion. Options the stream form does not
 * support (zero-phase filtering) fall back to the per-window path.
 */
export function seismicPreprocessing(
  sampleRate: number = MODEL_SAMPLE_RATE_HZ,
  options: PreprocessOptions = {},
): WindowPreprocessing {
  if (!streamPreprocessingSupported(options)) return perWindowPreprocessing(sampleRate, options);
  return {
    trace: (trace) => atRate(trace, sampleRate),
    windows: (trace, starts, length, channels) => {
      const windows = new StreamWindows(trace.data, starts, length, channels, sampleRate, options);
      return (from, n) => windows.cut(from, n);
    },
    partialWindow: partialWindowOf(sampleRate, options),
  };
}

/**
 * Resampling to the model's rate, then each window copied out and preprocessed on its own by
 * `preprocessWindows`, the training path: the reference `seismicPreprocessing` is checked against.
 */
export function perWindowPreprocessing(
  sampleRate: number = MODEL_SAMPLE_RATE_HZ,
  options: PreprocessOptions = {},
): WindowPreprocessing {
  return {
    trace: (trace) => atRate(trace, sampleRate),
    windows: (trace, starts, length, channels) => {
      const batch = batchArray();
      return (from, n) => {
        const out = batch(n * length * channels);
        interleaveWindows(trace.data, starts, from, n, length, channels, out);
        return preprocessWindows(out, n, length, channels, sampleRate, options);
      };
    },
    partialWindow: partialWindowOf(sampleRate, options),
  };
}
