/** A non-IID population of synthetic stations for the federation simulator. */
import { NOISE_CLASSES, POPULATION_DEFAULTS, PROFILE_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import { createRng } from '../random.js';
import type { HardNegativeKind, InstrumentKind, NoiseClass } from '../types.js';
import { INSTRUMENT_CHANNEL_PREFIX } from './instrument.js';
import { makeStationProfile, type StationProfile } from './profile.js';
import type { DistanceLaw } from './quake.js';

/** Seed offset of the instrument draws. */
const INSTRUMENT_STREAM = 0x1f2e3d4c;

/** Knobs of `makeStationPopulation`; defaults in `POPULATION_DEFAULTS`. */
export interface PopulationKnobs {
  /** Median quake rate (events/day) of stations that see quakes. */
  medianQuakeRatePerDay?: number;
  /** Log-normal σ (natural log) of quake rates across stations: the spread. */
  quakeRateSpread?: number;
  /** Share of stations that see no quakes at all. */
  noQuakeShare?: number;
  /** Share of stations near an active fault: close seismicity (5–40 km) at 5× the median rate. */
  nearFaultShare?: number;
  /** Relative weights of the noise classes. */
  noiseClassMix?: Partial<Record<NoiseClass, number>>;
  /** Share of Z-only stations. */
  zOnlyShare?: number;
  /** Relative weights of the instrument kinds (channel codes follow the kind). */
  instrumentMix?: Partial<Record<InstrumentKind, number>>;
  /** Distance range and law of the local seismicity of stations not near a fault (profile defaults otherwise). */
  distanceRangeKm?: readonly [number, number];
  distanceLaw?: DistanceLaw;
  /** Log-σ of the S-on-vertical ratio of every station's quakes (profile default 0). */
  sOnVerticalLogSigma?: number;
  /** Relative weights of the hard-negative kinds of every station (profile default otherwise). */
  hardNegativeMix?: Readonly<Record<HardNegativeKind, number>>;
  /** Per-station site offset within its class is uniform in ±this (dB). */
  noiseOffsetDb?: number;
  /** Microseism peaks are uniform in this range, Hz. */
  microseismRangeHz?: readonly [number, number];
  /** Hard-negative rates are log-uniform in this range, per hour. */
  hardNegativeRatePerHour?: readonly [number, number];
  network?: string;
}

function pick<T extends string>(u: number, weights: Partial<Record<T, number>>): T {
  const keys = (Object.keys(weights) as T[]).filter((k) => (weights[k] ?? 0) > 0);
  const total = keys.reduce((s, k) => s + weights[k]!, 0);
  let v = u * total;
  for (const k of keys) {
    v -= weights[k]!;
    if (v < 0) return k;
  }
  return keys[keys.length - 1]!;
}

/**
 * `n` station profiles, deterministic for a seed: noise classes, quake rates (many stations with
 * none, a few near active faults), hard-negative rates, Z-only stations and site offsets all vary, so
 * clients' data are non-IID by construction. Station codes are S0001, S0002, …
 */
export function makeStationPopulation(n: number, seed: number, knobs: PopulationKnobs = {}): StationProfile[] {
  const k = { ...POPULATION_DEFAULTS, ...knobs };
  const bad = (m: string): never => {
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, m);
  };
  if (!Number.isInteger(n) || n < 0) bad(`station count must be a non-negative integer, got ${n}`);
  for (const [name, v] of [
    ['noQuakeShare', k.noQuakeShare],
    ['nearFaultShare', k.nearFaultShare],
    ['zOnlyShare', k.zOnlyShare],
  ] as const) {
    if (!(v >= 0 && v <= 1)) bad(`${name} must be in [0, 1], got ${v}`);
  }
  if (k.noQuakeShare + k.nearFaultShare > 1) bad('noQuakeShare + nearFaultShare must not exceed 1');
  if (!Object.entries(k.noiseClassMix).some(([c, w]) => c in NOISE_CLASSES && (w ?? 0) > 0))
    bad('noiseClassMix needs a positive weight');
  const rng = createRng(seed);
  // Instruments come from a stream of their own, so adding them left every other draw as it was.
  const instrumentRng = createRng(seed ^ INSTRUMENT_STREAM);
  return Array.from({ length: n }, (_, i) => {
    const instrument = pick(instrumentRng.next(), k.instrumentMix);
    const u = rng.next();
    const nearFault = u >= k.noQuakeShare && u < k.noQuakeShare + k.nearFaultShare;
    const noQuakes = u < k.noQuakeShare;
    const rate =
      k.medianQuakeRatePerDay * Math.exp(k.quakeRateSpread * rng.normal()) * (nearFault ? k.nearFaultRateFactor : 1);
    const [h0, h1] = k.hardNegativeRatePerHour;
    return makeStationProfile({
      network: k.network,
      station: `S${String(i + 1).padStart(4, '0')}`,
      instrument,
      channelPrefix: INSTRUMENT_CHANNEL_PREFIX[instrument],
      components: rng.next() < k.zOnlyShare ? 1 : 3,
      noiseClass: pick(rng.next(), k.noiseClassMix),
      noiseOffsetDb: rng.uniform(-k.noiseOffsetDb, k.noiseOffsetDb),
      microseismHz: rng.uniform(k.microseismRangeHz[0], k.microseismRangeHz[1]),
      utcOffsetHours: rng.int(24) - 11,
      quakeRatePerDay: noQuakes ? 0 : rate,
      distanceRangeKm: nearFault ? k.nearFaultDistanceKm : (k.distanceRangeKm ?? PROFILE_DEFAULTS.distanceRangeKm),
      distanceLaw: k.distanceLaw ?? PROFILE_DEFAULTS.distanceLaw,
      sOnVerticalLogSigma: k.sOnVerticalLogSigma ?? PROFILE_DEFAULTS.sOnVerticalLogSigma,
      hardNegativeMix: k.hardNegativeMix ?? PROFILE_DEFAULTS.hardNegativeMix,
      hardNegativeRatePerHour: h0 * (h1 / h0) ** rng.next(),
    });
  });
}
