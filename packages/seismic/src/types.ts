/** Domain types shared by the synthetic generator, miniSEED IO, preprocessing, detection and metrics. */

/** A time span with no recorded data, epoch milliseconds UTC; `endTime` is exclusive. */
export interface TraceGap {
  startTime: number;
  endTime: number;
}

/**
 * A multi-component waveform of one station: all channels share start time, rate and length.
 * `data` is ordered Z, N, E (a Z-only station has one channel). Units are digitizer counts unless a
 * producer says otherwise (the synthetic generator applies the profile's gain to m/s ground velocity).
 */
export interface Trace {
  network: string;
  station: string;
  location: string;
  /** Channel codes in data order, e.g. ['HHZ', 'HHN', 'HHE']. */
  channels: string[];
  /** Epoch milliseconds UTC of the first sample. */
  startTime: number;
  /** Samples per second. */
  sampleRate: number;
  data: Float32Array[];
  /** Spans without data (filled as documented by the reader); empty when complete. */
  gaps: TraceGap[];
}

/** Who decided a window's label. */
export type LabelSource = 'synthetic' | 'catalogue' | 'sta-lta' | 'manual';

/** The kinds of non-earthquake transients the generator injects (all labelled 0). */
export type HardNegativeKind = 'vehicle' | 'footsteps' | 'glitch' | 'teleseism' | 'burst' | 'boxcar';

/**
 * What a window holds: a local quake with its P where the label rule wants it, plain site noise, one
 * kind of hard negative, or an `offset-quake` — a local quake whose P lies outside the label span
 * (before the window: its S and coda; or in its last seconds), labelled 0.
 */
export type WindowKind = 'quake' | 'offset-quake' | 'noise' | HardNegativeKind;

/** Per-window metadata; quake fields are present only on windows that hold a local quake (`quake`, `offset-quake`). */
export interface WindowMeta {
  /** `NET.STA.LOC`. */
  stationId: string;
  /** Epoch ms UTC of the window's first sample. */
  startTime: number;
  label: 0 | 1;
  kind: WindowKind;
  labelSource: LabelSource;
  /** Seconds from the window start to the P arrival (negative: before the window; offset quakes too). */
  pArrivalOffsetSeconds?: number;
  magnitude?: number;
  /** Hypocentral distance, km. */
  distanceKm?: number;
  /** Peak P amplitude on Z over the expected 1–20 Hz noise RMS (see README). */
  snr?: number;
  /** Seconds of data in a partial window (the rest is zeros: `preprocessPartialWindow`); absent for a full one. */
  keptSeconds?: number;
}

/**
 * Labelled windows in the layout tfjs conv1d wants (channels last):
 * `x[(i * length + t) * channels + c]`.
 */
export interface WindowSet {
  x: Float32Array;
  /** 1 = a local earthquake's P arrival lies in the window, 0 = not. */
  labels: Uint8Array;
  count: number;
  length: number;
  channels: number;
  meta?: WindowMeta[];
}

/** Ground truth of one synthetic local earthquake as seen at one station. */
export interface EventTruth {
  /** Epoch ms UTC. */
  originTime: number;
  pArrivalTime: number;
  sArrivalTime: number;
  /** End of the event's signal (the last sample of its coda), epoch ms. */
  endTime: number;
  /** Local magnitude (also used as moment magnitude for the Brune corner frequency). */
  magnitude: number;
  /** Hypocentral distance, km. */
  distanceKm: number;
  /** Peak horizontal S ground velocity, m/s. */
  peakVelocity: number;
  /** Peak P amplitude on Z over the expected 1–20 Hz noise RMS. */
  snr: number;
}

/** Ground truth of one injected non-earthquake transient. */
export interface HardNegativeTruth {
  kind: HardNegativeKind;
  /** Epoch ms UTC. */
  startTime: number;
  endTime: number;
  /** Peak ground velocity of the transient, m/s. */
  peakVelocity: number;
}

/** Noise classes of station sites, quietest first (placed between Peterson's NLNM and NHNM). */
export type NoiseClass = 'quiet-vault' | 'rural' | 'suburban' | 'urban';

/** Sensor families a synthetic station can record with (see synth/instrument.ts). */
export type InstrumentKind = 'broadband' | 'short-period' | 'geophone' | 'accelerometer';
