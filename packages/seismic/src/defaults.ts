/** Documented defaults of @quakefed/seismic, merged as `{ ...DEFAULTS, ...opts }` by each API. */
import type { InstrumentKind } from './types.js';

/** Metrics defaults. */
export const METRIC_DEFAULTS = {
  /** Bins of a federated score histogram over [0, 1]. */
  histogramBins: 1000,
  /** Decision threshold on probabilities. */
  threshold: 0.5,
  /**
   * Event scoring: a detection is a hit for an event when it lies this many seconds around its P
   * arrival, [earliest (negative: before P), latest] — a picker 2–5 s early, or one that fires on a
   * clear P a few seconds late, has still found the event.
   */
  hitWindowSeconds: [-5, 10] as readonly [number, number],
} as const;

/**
 * Site noise classes, quietest first: `position` places the night-time PSD between Peterson's NLNM (0)
 * and NHNM (1) in dB; `dayNightDb` is how much the 1–10 Hz cultural band rises at the busiest hour.
 */
export const NOISE_CLASSES = {
  'quiet-vault': { position: 0.15, dayNightDb: 2 },
  rural: { position: 0.32, dayNightDb: 4 },
  suburban: { position: 0.5, dayNightDb: 7 },
  urban: { position: 0.65, dayNightDb: 10 },
} as const;

/** Shapes of the noise filter bank (see synth/noise-design.ts). */
export const NOISE_DESIGN = {
  microseismQ: 1.5,
  microseismSections: 2,
  redCornerHz: 0.8,
  /** Cultural band 1–10 Hz: centre √(1·10) Hz, Q = centre / (10 − 1). */
  culturalCentreHz: Math.sqrt(10),
  culturalQ: Math.sqrt(10) / 9,
  /** High band ~10–40 Hz. */
  highCentreHz: 20,
  highQ: 0.67,
  fitBandHz: [0.05, 45] as const,
  fitPoints: 64,
  fitIterations: 60,
} as const;

/** Constants of the synthetic generator. */
export const SYNTH = {
  /** Local hour of least cultural activity (the day/night curve peaks 12 h later). */
  quietestHour: 3,
  /** The cultural-band gain is updated once per block of this length, seconds. */
  culturalGainBlockSeconds: 1,
} as const;

/** Earthquake physics constants (sources in synth/quake.ts and the README). */
export const QUAKE = {
  vpKmPerSecond: 6,
  /** S − P = R / 8 (km, s). */
  sMinusPVelocityKmPerSecond: 8,
  /** Shear-wave velocity near the source, km/s (Brune corner frequency). */
  betaKmPerSecond: 3.5,
  depthKm: [2, 15] as const,
  /** Near-site high-frequency attenuation κ0, s (Anderson & Hough 1984). */
  kappa0Seconds: 0.03,
  /** Crustal quality factor for the path part of κ. */
  qualityFactor: 400,
  /** P corner frequency over S corner frequency. */
  pCornerRatio: 1.5,
  /** Corner frequencies are capped at this fraction of the sampling rate. */
  maxCornerFraction: 0.4,
  /** Peak P on Z / peak S on horizontals: lognormal median and log-sigma. */
  pToSMedian: 0.35,
  pToSLogSigma: 0.35,
  /** S on Z relative to S on the horizontals; P on the horizontals relative to P on Z. */
  sOnVerticalRatio: 0.35,
  pOnHorizontalRatio: 0.3,
  /** Onset rise time = riseBase + risePerKm · R, seconds (emergent onsets grow with distance). */
  riseBaseSeconds: 0.05,
  riseSecondsPerKm: 0.003,
  /** P coda decay ≈ pDecayPerSp · (S − P) + 0.5 s. */
  pDecayPerSp: 0.5,
  /** S coda decay = codaFraction · 10^((M+0.87)/2) + codaPerKm · R, at least minCodaDecay. */
  codaFraction: 0.15,
  codaSecondsPerKm: 0.02,
  minCodaDecaySeconds: 0.5,
  /** Waveforms last S − P + this many coda decay times, at most maxDuration. */
  codaLengthInDecays: 5,
  maxDurationSeconds: 240,
} as const;

/** Hard-negative shapes and amplitudes (peak raw velocity over the 1–20 Hz noise RMS). */
export const HARD_NEGATIVES = {
  vehicleDurationSeconds: [10, 40] as const,
  footstepsDurationSeconds: [5, 30] as const,
  /** Seconds between steps (≈2 steps/s gives spectral lines near 2 and 4 Hz). */
  stepIntervalSeconds: [0.45, 0.55] as const,
  teleseismDurationSeconds: [60, 240] as const,
  /** Noise bursts: emergent band-limited energy, one arrival, centre frequency and length ranges. */
  burstDurationSeconds: [1, 8] as const,
  burstCentreHz: [2, 15] as const,
  /** Boxcars: band-limited noise switched on and off (flat envelope, abrupt ends), length and centre ranges. */
  boxcarDurationSeconds: [1, 10] as const,
  boxcarCentreHz: [2, 30] as const,
  /** Share of glitches that are spikes (the rest are decaying steps). */
  spikeShare: 0.6,
  snrRange: {
    vehicle: [1, 30],
    footsteps: [1, 20],
    glitch: [10, 1000],
    teleseism: [0.5, 10],
    burst: [1, 8],
    boxcar: [2, 60],
  } as const,
} as const;

/** Instrument responses of synthetic stations (see synth/instrument.ts). */
export const INSTRUMENTS = {
  /** Natural frequency of a short-period seismometer and of a geophone, Hz. */
  shortPeriodCornerHz: 1,
  geophoneCornerHz: 4.5,
  /** Damping of both, as a biquad quality factor: 0.707 (0.707 of critical damping, maximally flat). */
  damping: 0.707,
  /** Accelerometer self-noise over the ground signal's RMS: log-uniform in this range. */
  accelerometerSelfNoise: [0.05, 0.5] as readonly [number, number],
};

/** Default synthetic station (a rural 3-component broadband at 100 Hz). */
export const PROFILE_DEFAULTS = {
  network: 'SY',
  station: 'S0001',
  location: '00',
  channelPrefix: 'HH',
  instrument: 'broadband' as InstrumentKind,
  components: 3 as 1 | 3,
  sampleRate: 100,
  noiseClass: 'rural' as 'quiet-vault' | 'rural' | 'suburban' | 'urban',
  noiseOffsetDb: 0,
  microseismHz: 0.2,
  utcOffsetHours: 0,
  /** ≈ an STS-2 class sensor (1500 V/(m/s)) on a 24-bit digitizer (~4·10⁵ counts/V). */
  gain: 6e8,
  quakeRatePerDay: 5,
  magnitudeRange: [0.5, 5] as readonly [number, number],
  bValue: 1,
  distanceRangeKm: [5, 200] as readonly [number, number],
  distanceLaw: 'area' as 'area' | 'log-uniform',
  sOnVerticalLogSigma: 0,
  stressDropBar: 30,
  hardNegativeRatePerHour: 2,
  // Noise bursts are a quarter of the transients: real pre-event noise is full of them, and a model
  // calibrated on noise without them fires on them (simulations/README.md, "Real earthquakes").
  hardNegativeMix: { vehicle: 0.3, footsteps: 0.2, glitch: 0.15, teleseism: 0.1, burst: 0.25, boxcar: 0.1 },
};

/** The one preprocessing applied to every classifier input (training and detection). */
export const PREPROCESS_DEFAULTS = {
  /** Butterworth band-pass corners, Hz. */
  bandHz: [1, 20] as readonly [number, number],
  /** Order of each of the highpass and lowpass halves (even). */
  order: 4,
  /** Forward-backward filtering (zero phase). Off: causal filtering keeps onsets sharp and makes a
   *  streaming detector's inputs identical to the training inputs. */
  zeroPhase: false,
  /** Cosine taper on each end, as a fraction of the window length: 0.5 s of a 30 s window, short of
   *  the label span's earliest P (1 s). */
  taperFraction: 0.5 / 30,
  /** Per-window normalisation: 'std' divides by the standard deviation over all channels (keeps the
   *  Z/N/E amplitude ratios), 'peak' by the largest absolute value, 'none' leaves amplitudes. */
  normalize: 'std' as 'std' | 'peak' | 'none',
  detrend: true,
};

/** Continuous-stream defaults. */
export const STREAM_DEFAULTS = {
  warmupSeconds: 30,
};

/** Windowing defaults, shared by labelled-window generation and detection. */
export const WINDOW_DEFAULTS = {
  /**
   * 30 s: a window whose P lies in the label span also holds the event's S (S − P = R / 8 s, up to
   * ~23 s), the second phase that tells a weak quake from a one-arrival transient. With 10 s windows
   * the far events' S (most of a region's events) fell outside, and the one-per-day threshold was set
   * by noise bursts that look like a P alone (simulations/README.md, "Long windows").
   */
  windowSeconds: 30,
  /** Detection hop; for labelled windows, hop only converts `durationSeconds` to a count. */
  hopSeconds: 1,
  channels: 3,
  /** Z-only stations: N and E slots are zeros (no invented horizontal signal). */
  zOnlyPolicy: 'zeros' as 'zeros' | 'copy-z',
  /** A window is positive when its P arrival lies this many seconds after its start. */
  pOffsetRangeSeconds: [1, 7] as readonly [number, number],
  /**
   * Shortest data a partial window holds, s (`preprocessPartialWindow`): detection scores windows
   * past a trace's last full one down to this much data, so an event in a trace's last 23 s (or in
   * a file no longer than a window) is still seen. The label span and 6 s after it: the AIC pick's
   * whole analysis span.
   */
  minPartialSeconds: 13,
};

/** Labelled-window defaults (see synth/windows.ts). */
export const LABELLED_DEFAULTS = {
  /** Negatives per positive. */
  imbalance: 1000 as number | 'profile',
  hardNegativeShare: 'profile' as number | 'profile',
  /** Bounds of the profile-derived hard-negative share, and the typical transient length used. */
  minHardShare: 0.05,
  maxHardShare: 0.5,
  typicalTransientSeconds: 20,
  minSnr: 1,
  startTime: Date.UTC(2024, 0, 1),
  spanSeconds: undefined as number | undefined,
  /** Seconds of noise run through the filters before each window. */
  warmupSeconds: 15,
  /** Hard-negative onsets are uniform in [−maxLead, lastOnsetFraction · windowSeconds] seconds. */
  maxLeadSeconds: 5,
  lastOnsetFraction: 0.8,
  /**
   * Share of the negatives holding an offset quake (a local quake whose P is outside the label span),
   * on stations that have quakes. A long window holds a quake's S and coda long after its P has left
   * the label span; without them a model scores those windows like the P's and dates events late.
   */
  offsetQuakeShare: 0.1,
  /**
   * Where an offset quake's P lies: uniform over [−leadSeconds, pMin − marginSeconds] (before the
   * window or at its very start: the window holds its S and coda) and [pMax + marginSeconds,
   * windowSeconds] (in its last seconds), weighted by their lengths.
   */
  offsetQuake: { leadSeconds: 25, marginSeconds: 1 },
  /**
   * Share of the windows (of every kind) cut short like the partial windows detection scores at a
   * trace's end: only their first `minPartialSeconds` … `windowSeconds` seconds are data.
   */
  partialShare: 0.1,
};

/**
 * STA/LTA baseline defaults (typical local-event settings). A 1 s STA rather than 0.5 s: on a quiet
 * site the 1–20 Hz band is dominated by its 1–2 Hz part, where a 0.5 s STA averages too few cycles
 * and pure noise crosses 3.5 every few minutes.
 */
export const STALTA_DEFAULTS = {
  staSeconds: 1,
  ltaSeconds: 10,
  on: 4,
  off: 1,
  method: 'recursive' as 'recursive' | 'classic',
};

/** Resampler defaults. */
export const RESAMPLE_DEFAULTS = {
  /** Lanczos lobes on each side of the kernel. */
  lobes: 8,
};

/** miniSEED reading/writing defaults (see io/mseed.ts). */
export const MSEED_DEFAULTS = {
  /** How gap samples are filled: linear interpolation between the neighbours (no artificial steps
   *  that would ring through the band-pass) or zeros. Gaps are always listed in `Trace.gaps`. */
  gapFill: 'interpolate' as 'interpolate' | 'zero',
  /** Resample every channel to this rate (Hz); undefined keeps the rate of the first channel. */
  sampleRate: undefined as number | undefined,
  /** Samples per written miniSEED 3 record. */
  recordSamples: 4000,
  /**
   * Bytes read at a time when a file's record headers are scanned (`scanMiniSeedFile`): what the scan
   * holds, whatever the file's size; far larger than a record (512 B to 64 kB in practice).
   */
  scanPieceBytes: 4 * 1024 * 1024,
  /**
   * Sample rates a record may declare, Hz. Outside them the record is refused: 0 or a negative rate
   * divides by zero, and 1e-4 Hz resampled to 100 Hz turns each sample into a million.
   */
  minSampleRateHz: 0.1,
  maxSampleRateHz: 1000,
  /**
   * Record start times accepted, epoch ms (1900-01-01 to 2100-01-01 UTC): a corrupt or byte-swapped
   * header decodes to dates far outside, and one record decades off would make the merged trace span them.
   */
  earliestTime: Date.UTC(1900, 0, 1),
  latestTime: Date.UTC(2100, 0, 1),
  /**
   * Longest gap filled, seconds; a longer one splits the trace in two. Each record can so add at most
   * this much fill (at most 600 s × 1,000 Hz samples), where one record 30 days off used to add 30 days.
   */
  maxGapFillSeconds: 600,
};

/** Station-population defaults (see synth/population.ts). */
export const POPULATION_DEFAULTS = {
  medianQuakeRatePerDay: 5,
  quakeRateSpread: 1,
  noQuakeShare: 0.5,
  nearFaultShare: 0.1,
  nearFaultRateFactor: 5,
  nearFaultDistanceKm: [5, 40] as readonly [number, number],
  noiseClassMix: { 'quiet-vault': 0.1, rural: 0.4, suburban: 0.3, urban: 0.2 } as Partial<
    Record<'quiet-vault' | 'rural' | 'suburban' | 'urban', number>
  >,
  zOnlyShare: 0.2,
  /** Relative weights of the instrument kinds across stations. */
  instrumentMix: { broadband: 0.4, 'short-period': 0.2, geophone: 0.2, accelerometer: 0.2 } as Partial<
    Record<InstrumentKind, number>
  >,
  noiseOffsetDb: 3,
  microseismRangeHz: [0.16, 0.24] as readonly [number, number],
  hardNegativeRatePerHour: [0.5, 6] as readonly [number, number],
  network: 'SY',
};

/** Data-quality defaults (see quality/flatlines.ts). */
export const QUALITY_DEFAULTS = {
  /**
   * Identical consecutive samples for at least this long are missing data, not signal, s. 0.5 s is
   * 50 samples at 100 Hz: live noise repeats a value for a few samples at most, while the zero padding
   * and dead stretches seen in real archives last seconds.
   */
  minFlatlineSeconds: 0.5,
};
