/** Synthetic station profiles: who the station is, how noisy its site is, what it sees. */
import { PROFILE_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import type { HardNegativeKind, InstrumentKind, NoiseClass } from '../types.js';
import { NOISE_CLASSES } from '../defaults.js';
import { INSTRUMENT_CHANNEL_PREFIX } from './instrument.js';
import type { DistanceLaw } from './quake.js';

/** Everything the generator needs to know about one station. Defaults: `PROFILE_DEFAULTS`. */
export interface StationProfile {
  network: string;
  station: string;
  location: string;
  /** Band + instrument code, e.g. 'HH' → channels HHZ, HHN, HHE. */
  channelPrefix: string;
  /** Sensor family: its response shapes everything recorded (synth/instrument.ts). */
  instrument: InstrumentKind;
  /** 3 (Z, N, E) or 1 (Z only). */
  components: 1 | 3;
  sampleRate: number;
  noiseClass: NoiseClass;
  /** Site level relative to its class, dB. */
  noiseOffsetDb: number;
  /** Secondary microseism peak, Hz. Peaks far from 0.2 Hz leave Peterson's envelope for the
   *  quietest classes (the NLNM itself peaks there). */
  microseismHz: number;
  /** Local time offset of the site, hours (drives the day/night cultural cycle). */
  utcOffsetHours: number;
  /** Counts per m/s. */
  gain: number;
  /** Local earthquakes per day whose P arrival reaches the station (0: none in the data). */
  quakeRatePerDay: number;
  magnitudeRange: readonly [number, number];
  /** Gutenberg–Richter b-value. */
  bValue: number;
  /** Hypocentral-distance range of the local seismicity, km. */
  distanceRangeKm: readonly [number, number];
  /** How distances are drawn in that range (`sampleDistanceKm`). */
  distanceLaw: DistanceLaw;
  /** Log-σ of each quake's S-on-vertical ratio (0: the fixed `QUAKE.sOnVerticalRatio`). */
  sOnVerticalLogSigma: number;
  stressDropBar: number;
  hardNegativeRatePerHour: number;
  /** Relative weights of hard-negative kinds. */
  hardNegativeMix: Readonly<Record<HardNegativeKind, number>>;
}

/** `NET.STA.LOC` of a profile. */
export function stationId(p: Pick<StationProfile, 'network' | 'station' | 'location'>): string {
  return `${p.network}.${p.station}.${p.location}`;
}

/** Channel codes of a profile, in data order. */
export function profileChannels(p: StationProfile): string[] {
  return (p.components === 3 ? ['Z', 'N', 'E'] : ['Z']).map((o) => `${p.channelPrefix}${o}`);
}

function reject(message: string): never {
  throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, message);
}

/** Merges `overrides` over `PROFILE_DEFAULTS` and rejects impossible or contradictory values. */
export function makeStationProfile(overrides: Partial<StationProfile> = {}): StationProfile {
  const p: StationProfile = { ...PROFILE_DEFAULTS, ...overrides };
  if (p.components !== 1 && p.components !== 3) reject(`components must be 1 or 3, got ${p.components}`);
  if (!(p.sampleRate >= 20)) reject(`sampleRate must be ≥ 20 Hz, got ${p.sampleRate}`);
  if (!(p.noiseClass in NOISE_CLASSES)) reject(`unknown noise class ${p.noiseClass}`);
  if (!(p.instrument in INSTRUMENT_CHANNEL_PREFIX)) reject(`unknown instrument ${String(p.instrument)}`);
  if (!(p.microseismHz >= 0.05 && p.microseismHz <= 0.5))
    reject(`microseismHz must be in [0.05, 0.5], got ${p.microseismHz}`);
  if (!(p.gain > 0)) reject(`gain must be positive, got ${p.gain}`);
  if (!(p.quakeRatePerDay >= 0) || !(p.hardNegativeRatePerHour >= 0)) reject('event rates must be ≥ 0');
  const [m0, m1] = p.magnitudeRange;
  if (!(m1 > m0)) reject(`magnitudeRange must be increasing, got [${m0}, ${m1}]`);
  const [d0, d1] = p.distanceRangeKm;
  if (!(d0 > 0 && d1 > d0)) reject(`distanceRangeKm must satisfy 0 < min < max, got [${d0}, ${d1}]`);
  if (p.distanceLaw !== 'area' && p.distanceLaw !== 'log-uniform')
    reject(`distanceLaw must be 'area' or 'log-uniform', got ${String(p.distanceLaw)}`);
  if (!(p.sOnVerticalLogSigma >= 0)) reject(`sOnVerticalLogSigma must be ≥ 0, got ${p.sOnVerticalLogSigma}`);
  if (!(p.bValue > 0) || !(p.stressDropBar > 0)) reject('bValue and stressDropBar must be positive');
  if (!Object.values(p.hardNegativeMix).some((w) => w > 0)) reject('hardNegativeMix needs a positive weight');
  return p;
}
