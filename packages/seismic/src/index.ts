/** @quakefed/seismic — waveforms, synthetic stations, miniSEED IO, preprocessing, STA/LTA, metrics. */
export { createRng } from './random.js';
export type { Rng } from './random.js';
export type {
  Trace,
  TraceGap,
  LabelSource,
  HardNegativeKind,
  WindowKind,
  WindowMeta,
  WindowSet,
  EventTruth,
  HardNegativeTruth,
  NoiseClass,
} from './types.js';
export { SeismicError } from './errors.js';
export type { SeismicErrorCode } from './errors.js';
export { METRIC_DEFAULTS } from './defaults.js';
export {
  confusionAt,
  mergeConfusion,
  metricsFromConfusion,
  averagePrecision,
  rocAuc,
  recallAtFpr,
} from './metrics/window.js';
export type { ConfusionCounts, ThresholdMetrics } from './metrics/window.js';
export {
  emptyHistogram,
  histogramFromScores,
  mergeHistograms,
  confusionFromHistogram,
  metricsFromHistogram,
  recallAtFprFromHistogram,
} from './metrics/histogram.js';
export type { ScoreHistogram, HistogramMetrics } from './metrics/histogram.js';
export { matchEvents, falseAlarmsPerStationDay } from './metrics/event.js';
export type { EventMatch, EventMatchResult } from './metrics/event.js';
