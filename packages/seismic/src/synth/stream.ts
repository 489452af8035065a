/** Continuous synthetic streams: site noise with Poisson-timed local quakes and hard negatives. */
import { STREAM_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import { createRng, type Rng } from '../random.js';
import type { EventTruth, HardNegativeTruth, Trace } from '../types.js';
import type { StationProfile } from './profile.js';
import { addComponents, drawHardNegative, drawQuake, stationModel } from './station.js';
import { applyInstrument } from './instrument.js';
import { sampleHardNegativeKind } from './transients.js';

/** Options of `synthesizeStream`; defaults in `STREAM_DEFAULTS`. */
export interface StreamOptions {
  /** Epoch ms UTC of the first sample. */
  startTime: number;
  durationSeconds: number;
  seed: number;
  /** Override the profile's quake rate (events/day), e.g. 0 for pure noise. */
  quakeRatePerDay?: number;
  /** Override the profile's hard-negative rate (per hour). */
  hardNegativeRatePerHour?: number;
  /** Seconds of noise run through the filters before the first sample (steady state at t = 0). */
  warmupSeconds?: number;
}

/** A synthetic stream and what is in it. Truth lists are in time order. */
export interface SyntheticStream {
  trace: Trace;
  events: EventTruth[];
  hardNegatives: HardNegativeTruth[];
}

/** Onset times (ms) of a Poisson process of `ratePerSecond` over [startMs, startMs + durationSeconds). */
function poissonTimes(rng: Rng, ratePerSecond: number, startMs: number, durationSeconds: number): number[] {
  const times: number[] = [];
  if (ratePerSecond <= 0) return times;
  for (
    let t = -Math.log(1 - rng.next()) / ratePerSecond;
    t < durationSeconds;
    t += -Math.log(1 - rng.next()) / ratePerSecond
  ) {
    times.push(startMs + t * 1000);
  }
  return times;
}

/**
 * Synthesizes `durationSeconds` seconds of the station described by `profile`: deterministic for a given
 * profile and options. Data are counts (ground velocity × profile.gain), channels Z[, N, E].
 */
export function synthesizeStream(profile: StationProfile, options: StreamOptions): SyntheticStream {
  const o = { ...STREAM_DEFAULTS, ...options };
  if (!(o.durationSeconds > 0))
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `durationSeconds must be > 0, got ${o.durationSeconds}`);
  const model = stationModel(profile);
  const fs = profile.sampleRate;
  const n = Math.round(o.durationSeconds * fs);
  const rng = createRng(o.seed);
  const noiseRng = rng.fork();
  const quakeRng = rng.fork();
  const negRng = rng.fork();

  const data = model.noiseGenerators(noiseRng).map((gen) => {
    const warm = Math.round(o.warmupSeconds * fs);
    if (warm > 0) gen.fill(new Float32Array(warm), o.startTime - o.warmupSeconds * 1000);
    const out = new Float32Array(n);
    gen.fill(out, o.startTime);
    return out;
  });

  const sampleOf = (ms: number): number => Math.round(((ms - o.startTime) / 1000) * fs);
  const events: EventTruth[] = [];
  const quakeRate = (o.quakeRatePerDay ?? profile.quakeRatePerDay) / 86400;
  for (const t of poissonTimes(quakeRng, quakeRate, o.startTime, o.durationSeconds)) {
    const at = sampleOf(t);
    const pArrival = o.startTime + (at / fs) * 1000; // on the sample grid
    const q = drawQuake(quakeRng, model, pArrival);
    addComponents(data, q.waveform.data, at, profile.gain);
    events.push(q.truth);
  }

  const hardNegatives: HardNegativeTruth[] = [];
  const negRate = (o.hardNegativeRatePerHour ?? profile.hardNegativeRatePerHour) / 3600;
  for (const t of poissonTimes(negRng, negRate, o.startTime, o.durationSeconds)) {
    const kind = sampleHardNegativeKind(negRng, profile.hardNegativeMix);
    const h = drawHardNegative(negRng, model, kind, t);
    addComponents(data, h.data, sampleOf(t), profile.gain);
    hardNegatives.push(h.truth);
  }
  // Forked last: the streams above draw exactly what they drew before instruments existed.
  applyInstrument(data, profile.instrument, fs, rng.fork());

  return {
    trace: {
      network: profile.network,
      station: profile.station,
      location: profile.location,
      channels: model.channels,
      startTime: o.startTime,
      sampleRate: fs,
      data,
      gaps: [],
    },
    events,
    hardNegatives,
  };
}
