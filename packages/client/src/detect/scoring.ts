/**
 * The production scorer and preprocessing of detection: the tfjs classifier through the model
 * package's batched `predictScores`, and the seismic package's `preprocessWindows` — per window the very
 * function (`preprocessWindow`) training windows went through.
 */
import { modelConfigOf, predictScores, type buildModel } from '@quakefed/model';
import { preprocessWindows, resample, type Trace } from '@quakefed/seismic';
import { MODEL_SAMPLE_RATE_HZ } from '../defaults.js';
import type { WindowPreprocessing, WindowScorer } from './detector.js';

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

/** Whole-stream part: resampling to the model's rate; per-window part: `preprocessWindows`. */
export function seismicPreprocessing(sampleRate: number = MODEL_SAMPLE_RATE_HZ): WindowPreprocessing {
  return {
    trace: (trace) => atRate(trace, sampleRate),
    windows: (x, count, length, channels) => void preprocessWindows(x, count, length, channels, sampleRate),
  };
}
