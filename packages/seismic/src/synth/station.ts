/** Shared machinery of continuous streams and labelled windows: a profile's fitted noise model and
 *  the placement of quakes and hard negatives into channel buffers. */
import { PREPROCESS_DEFAULTS } from '../defaults.js';
import type { Rng } from '../random.js';
import type { EventTruth, HardNegativeKind, HardNegativeTruth } from '../types.js';
import { bandRmsVelocity, designNoise, type NoiseDesign } from './noise-design.js';
import { culturalActivity, NoiseGenerator } from './noise-generator.js';
import { profileChannels, type StationProfile } from './profile.js';
import {
  peakVelocityMs,
  pTravelSeconds,
  sampleQuake,
  sMinusPSeconds,
  synthesizeQuake,
  type QuakeSource,
  type QuakeWaveform,
} from './quake.js';
import { sampleHardNegativeSnr, synthesizeHardNegative } from './transients.js';

/** A profile with its fitted noise design. */
export interface StationModel {
  profile: StationProfile;
  design: NoiseDesign;
  channels: string[];
  /** Expected RMS ground velocity (m/s) of the noise in the 1–20 Hz detection band at a time. */
  noiseRms(epochMs: number): number;
  /** One noise generator per channel, seeded from `rng`. */
  noiseGenerators(rng: Rng): NoiseGenerator[];
}

/** Builds the model of a station (fits its noise bank once). */
export function stationModel(profile: StationProfile): StationModel {
  const design = designNoise({
    sampleRate: profile.sampleRate,
    noiseClass: profile.noiseClass,
    offsetDb: profile.noiseOffsetDb,
    microseismHz: profile.microseismHz,
  });
  const [lo, hi] = [PREPROCESS_DEFAULTS.bandHz[0], Math.min(PREPROCESS_DEFAULTS.bandHz[1], 0.45 * profile.sampleRate)];
  const night = bandRmsVelocity(design, lo, hi, 0);
  const day = bandRmsVelocity(design, lo, hi, 1);
  const channels = profileChannels(profile);
  return {
    profile,
    design,
    channels,
    noiseRms: (ms) => {
      const a = culturalActivity(ms, profile.utcOffsetHours);
      return Math.sqrt(night * night + a * (day * day - night * night));
    },
    noiseGenerators: (rng) =>
      channels.map(() => new NoiseGenerator(design, rng.fork(), profile.gain, profile.utcOffsetHours)),
  };
}

/** Adds `gain × src[c]` into `target[c]` starting at sample `at` (may be negative); only as many
 *  components as `target` has (a Z-only station takes Z). */
export function addComponents(target: Float32Array[], src: readonly Float32Array[], at: number, gain: number): void {
  target.forEach((t, c) => {
    const s = src[c]!;
    const from = Math.max(0, -at);
    const to = Math.min(s.length, t.length - at);
    for (let i = from; i < to; i++) t[at + i]! += gain * s[i]!;
  });
}

/** A quake drawn from the profile, its waveform and truth (times relative to `pArrivalMs`). */
export interface PlacedQuake {
  waveform: QuakeWaveform;
  truth: EventTruth;
}

/**
 * Draws a quake for the station with its P arrival at `pArrivalMs`. With `minSnr` > 0, redraws
 * (up to `maxTries`) until the P wave's SNR reaches it — how a catalogue only lists detectable events.
 */
export function drawQuake(rng: Rng, model: StationModel, pArrivalMs: number, minSnr = 0, maxTries = 1000): PlacedQuake {
  const p = model.profile;
  const rms = model.noiseRms(pArrivalMs);
  let source = sampleQuake(rng, p);
  for (let tries = 1; tries < maxTries; tries++) {
    if (peakSnr(source, rms) >= minSnr) break;
    source = sampleQuake(rng, p);
  }
  const waveform = synthesizeQuake(rng, source, p.sampleRate);
  return {
    waveform,
    truth: {
      originTime: pArrivalMs - pTravelSeconds(source.distanceKm) * 1000,
      pArrivalTime: pArrivalMs,
      sArrivalTime: pArrivalMs + sMinusPSeconds(source.distanceKm) * 1000,
      endTime: pArrivalMs + (waveform.data[0]!.length / p.sampleRate) * 1000,
      magnitude: source.magnitude,
      distanceKm: source.distanceKm,
      peakVelocity: waveform.peakVelocity,
      snr: waveform.peakP / rms,
    },
  };
}

/** The P-wave SNR a source will have (same amplitude law as synthesizeQuake, no waveform needed). */
function peakSnr(s: QuakeSource, rms: number): number {
  return (peakVelocityMs(s.magnitude, s.distanceKm, s.stressDropBar) * s.pToS) / rms;
}

/** A hard negative of `kind` with onset at `onsetMs`, amplitude from its SNR range. */
export function drawHardNegative(
  rng: Rng,
  model: StationModel,
  kind: HardNegativeKind,
  onsetMs: number,
): { data: Float32Array[]; truth: HardNegativeTruth } {
  const peak = sampleHardNegativeSnr(rng, kind) * model.noiseRms(onsetMs);
  const t = synthesizeHardNegative(rng, kind, model.profile.sampleRate, peak);
  return {
    data: t.data,
    truth: { kind, startTime: onsetMs, endTime: onsetMs + t.durationSeconds * 1000, peakVelocity: peak },
  };
}
