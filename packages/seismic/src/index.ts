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
  InstrumentKind,
} from './types.js';
export { SEISMIC_ERROR_CODES, SeismicError } from './errors.js';
export type { SeismicErrorCode } from './errors.js';
export {
  METRIC_DEFAULTS,
  NOISE_CLASSES,
  PROFILE_DEFAULTS,
  STREAM_DEFAULTS,
  WINDOW_DEFAULTS,
  LABELLED_DEFAULTS,
  PREPROCESS_DEFAULTS,
  STALTA_DEFAULTS,
  MSEED_DEFAULTS,
  INSTRUMENTS,
  QUALITY_DEFAULTS,
  QUAKE,
  POPULATION_DEFAULTS,
} from './defaults.js';
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
export type { EventMatch, EventMatchOptions, EventMatchResult, EventSpan } from './metrics/event.js';
export { thresholdForFalseAlarmRate } from './metrics/false-alarm-rate.js';
export type { CalibrationStream, FalseAlarmCalibration, FalseAlarmRateOptions } from './metrics/false-alarm-rate.js';

// Synthetic stations
export { makeStationProfile, stationId, profileChannels } from './synth/profile.js';
export type { StationProfile } from './synth/profile.js';
export { makeStationPopulation } from './synth/population.js';
export { applyInstrument, INSTRUMENT_CHANNEL_PREFIX } from './synth/instrument.js';
export type { PopulationKnobs } from './synth/population.js';
export { synthesizeStream } from './synth/stream.js';
export type { StreamOptions, SyntheticStream } from './synth/stream.js';
export { makeLabelledWindows, planLabelledWindows } from './synth/windows.js';
export type { LabelledWindowOptions } from './synth/windows.js';
export {
  sampleMagnitude,
  sMinusPSeconds,
  pTravelSeconds,
  cornerFrequencyHz,
  woodAndersonAmplitudeNm,
  peakVelocityMs,
} from './synth/quake.js';
export { nlnmAccelerationDb, nhnmAccelerationDb, accelerationToVelocityDb } from './synth/peterson.js';
export { designNoise, velocityPsd, targetVelocityPsd } from './synth/noise-design.js';
export type { NoiseDesign } from './synth/noise-design.js';

// Preprocessing and windowing
export { preprocessWindow, preprocessWindows, preprocessPartialWindow, preprocessTrace } from './preprocess.js';
export type { PreprocessOptions } from './preprocess.js';
export { StreamWindows, streamPreprocessingSupported } from './preprocess-stream.js';
export { windowTrace, labelWindows, copyWindow, countPositives } from './windowing.js';
export { detectionsFromScores, medianEvidence, mergeScoreRuns, windowEvidence, windowOnset } from './score-runs.js';
export type { ScoreRun, ScoreRunOptions } from './score-runs.js';
export { aicOnset, windowOnsetOffsetSeconds, windowOnsetTimes, PICK_DEFAULTS } from './pick/aic.js';
export type { PickableWindows, WindowPickOptions } from './pick/aic.js';
export type { TraceWindows, WindowTraceOptions, ZOnlyPolicy } from './windowing.js';
export { butterworthBandpass, filterInPlace, filterInterleaved } from './dsp/biquad.js';
export type { Biquad } from './dsp/biquad.js';
export { resample } from './dsp/resample.js';
export { welchPsd } from './dsp/psd.js';

// STA/LTA baseline
export { classicStaLta, recursiveStaLta, triggerOnsets } from './stalta/stalta.js';
export { coincidenceTrigger } from './stalta/coincidence.js';
export type { StationTrigger, NetworkTrigger } from './stalta/coincidence.js';
export { staLtaDetect } from './stalta/detect.js';
export { findFlatlines, flatRuns } from './quality/flatlines.js';
export type { StaLtaOptions } from './stalta/detect.js';

// miniSEED
export {
  readMiniSeed,
  readMiniSeedFile,
  writeMiniSeed,
  writeMiniSeedFile,
  decodeMiniSeed,
  scanMiniSeedHeaders,
  scanMiniSeedFile,
} from './io/mseed.js';
export type { ReadMiniSeedOptions, MiniSeedRecordHeader, RecordWalkOptions } from './io/mseed.js';
export { assembleTraces, traceGroupKey } from './io/merge.js';
export type { AssembleOptions, ChannelSegment } from './io/merge.js';
