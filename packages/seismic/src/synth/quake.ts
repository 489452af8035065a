/**
 * Local-earthquake physics for synthetic stations.
 * - Magnitudes: Gutenberg–Richter, log10 N(≥M) = a − b·M, truncated to [mMin, mMax].
 * - Epicentres uniform in area between dMin and dMax (p(r) ∝ r), depth uniform; hypocentral R.
 * - Travel times: P at R / vP; S − P = R / 8 s (i.e. vP = 6 km/s, vS ≈ 3.43 km/s).
 * - Source: Brune (1970) ω² model, fc = 4.9·10⁶ β (Δσ / M0)^{1/3} (β km/s, Δσ bar, M0 dyne·cm), with
 *   M0 from Hanks & Kanamori (1979), log10 M0 = 1.5 M + 16.1. Path: high-cut e^{−πκf} with
 *   κ = κ0 + R / (Q β), approximated by a one-pole lowpass at 1/(πκ).
 * - Amplitude: the IASPEI form of Hutton & Boore (1987), ML = log10 A + 1.11 log10 R + 0.00189 R − 2.09
 *   (A: Wood–Anderson-equivalent ground displacement, nm), inverted for A; peak horizontal S velocity
 *   ≈ 2π f_dom A with f_dom = min(fc, 1/(πκ)).
 * - Waveform: P strongest on Z, S on the horizontals (split by back-azimuth), emergent onsets and
 *   exponential coda; coda duration from the duration-magnitude relation of Lee et al. (1972).
 */
import { bandpassBiquad, onePoleLowpass } from '../dsp/biquad.js';
import { QUAKE } from '../defaults.js';
import type { Rng } from '../random.js';
import { onsetDecay, peakAbs, scaleInPlace, shapedBurst } from './burst.js';

/** Draws a magnitude from a Gutenberg–Richter law truncated to [mMin, mMax]. */
export function sampleMagnitude(rng: Rng, mMin: number, mMax: number, b: number): number {
  const span = 1 - 10 ** (-b * (mMax - mMin));
  return mMin - Math.log10(1 - rng.next() * span) / b;
}

/**
 * Draws a hypocentral distance, km, depth uniform. Epicentre: `'area'` uniform in the annulus
 * [dMin, dMax] (a region's seismicity as a station sees it: mostly far); `'log-uniform'` uniform in
 * log distance (as many near as far events: domain randomisation for training, so the short S − P
 * times and coda of close events are not rare).
 */
export function sampleDistanceKm(rng: Rng, dMin: number, dMax: number, law: DistanceLaw = 'area'): number {
  const u = rng.next();
  const epi =
    law === 'log-uniform' ? dMin * (dMax / dMin) ** u : Math.sqrt(dMin * dMin + u * (dMax * dMax - dMin * dMin));
  const depth = rng.uniform(QUAKE.depthKm[0], QUAKE.depthKm[1]);
  return Math.sqrt(epi * epi + depth * depth);
}

/** S − P time, seconds, at hypocentral distance `r` km. */
export function sMinusPSeconds(distanceKm: number): number {
  return distanceKm / QUAKE.sMinusPVelocityKmPerSecond;
}

/** P travel time, seconds. */
export function pTravelSeconds(distanceKm: number): number {
  return distanceKm / QUAKE.vpKmPerSecond;
}

/** Brune corner frequency, Hz, for magnitude `m` and stress drop `stressDropBar`. */
export function cornerFrequencyHz(m: number, stressDropBar: number): number {
  const m0 = 10 ** (1.5 * m + 16.1);
  return 4.9e6 * QUAKE.betaKmPerSecond * Math.cbrt(stressDropBar / m0);
}

/** Wood–Anderson-equivalent ground displacement amplitude, nm (Hutton & Boore 1987, IASPEI form). */
export function woodAndersonAmplitudeNm(m: number, distanceKm: number): number {
  return 10 ** (m - 1.11 * Math.log10(distanceKm) - 0.00189 * distanceKm + 2.09);
}

/** Total attenuation parameter κ, s, at hypocentral distance `r` km. */
export function kappaSeconds(distanceKm: number): number {
  return QUAKE.kappa0Seconds + distanceKm / (QUAKE.qualityFactor * QUAKE.betaKmPerSecond);
}

/** Dominant frequency, Hz: the lower of the Brune corner and the κ high-cut. */
export function dominantFrequencyHz(m: number, distanceKm: number, stressDropBar: number): number {
  return Math.min(cornerFrequencyHz(m, stressDropBar), 1 / (Math.PI * kappaSeconds(distanceKm)));
}

/** Peak horizontal S-wave ground velocity, m/s. */
export function peakVelocityMs(m: number, distanceKm: number, stressDropBar: number): number {
  return (
    2 * Math.PI * dominantFrequencyHz(m, distanceKm, stressDropBar) * woodAndersonAmplitudeNm(m, distanceKm) * 1e-9
  );
}

/** Parameters of one synthetic quake at one station. */
export interface QuakeSource {
  magnitude: number;
  distanceKm: number;
  stressDropBar: number;
  /** Back-azimuth, radians: splits horizontal energy between N and E. */
  backAzimuth: number;
  /** Peak P on Z over peak S on the horizontals. */
  pToS: number;
  /** Peak S on Z over peak S on the horizontals. */
  sOnVertical: number;
}

/** How epicentral distances are drawn (see `sampleDistanceKm`). */
export type DistanceLaw = 'area' | 'log-uniform';

/** Draws a quake's free parameters (magnitude, distance, azimuth, P/S ratio, S-on-vertical ratio when spread). */
export function sampleQuake(
  rng: Rng,
  opts: {
    magnitudeRange: readonly [number, number];
    bValue: number;
    distanceRangeKm: readonly [number, number];
    stressDropBar: number;
    distanceLaw?: DistanceLaw;
    /** Log-σ of the S-on-vertical ratio around `QUAKE.sOnVerticalRatio`; 0 (default) draws nothing. */
    sOnVerticalLogSigma?: number;
  },
): QuakeSource {
  const source: QuakeSource = {
    magnitude: sampleMagnitude(rng, opts.magnitudeRange[0], opts.magnitudeRange[1], opts.bValue),
    distanceKm: sampleDistanceKm(rng, opts.distanceRangeKm[0], opts.distanceRangeKm[1], opts.distanceLaw),
    stressDropBar: opts.stressDropBar,
    backAzimuth: rng.uniform(0, 2 * Math.PI),
    pToS: QUAKE.pToSMedian * Math.exp(QUAKE.pToSLogSigma * rng.normal()),
    sOnVertical: QUAKE.sOnVerticalRatio,
  };
  const sigma = opts.sOnVerticalLogSigma ?? 0;
  if (sigma > 0) source.sOnVertical = Math.min(1.5, QUAKE.sOnVerticalRatio * Math.exp(sigma * rng.normal()));
  return source;
}

/** A quake's ground-velocity waveform (m/s) starting at the P arrival; `data` is Z, N, E. */
export interface QuakeWaveform {
  data: [Float32Array, Float32Array, Float32Array];
  /** Offset of the S arrival from the first sample, samples. */
  sIndex: number;
  peakVelocity: number;
  /** Peak P amplitude on Z, m/s. */
  peakP: number;
}

/** Coda e-folding time, s: a fraction of the Lee et al. (1972) duration 10^((M + 0.87) / 2). */
function codaDecaySeconds(m: number, distanceKm: number): number {
  return Math.max(
    QUAKE.minCodaDecaySeconds,
    QUAKE.codaFraction * 10 ** ((m + 0.87) / 2) + QUAKE.codaSecondsPerKm * distanceKm,
  );
}

/** Synthesizes the three-component waveform of `q` at `sampleRate`. */
export function synthesizeQuake(rng: Rng, q: QuakeSource, sampleRate: number): QuakeWaveform {
  const fs = sampleRate;
  const sp = sMinusPSeconds(q.distanceKm);
  const coda = codaDecaySeconds(q.magnitude, q.distanceKm);
  const duration = Math.min(QUAKE.maxDurationSeconds, sp + QUAKE.codaLengthInDecays * coda);
  const length = Math.max(1, Math.round(duration * fs));
  const sIndex = Math.round(sp * fs);
  const nyquistCap = QUAKE.maxCornerFraction * fs;
  const fc = Math.min(cornerFrequencyHz(q.magnitude, q.stressDropBar), nyquistCap);
  const fk = Math.min(1 / (Math.PI * kappaSeconds(q.distanceKm)), nyquistCap);
  // Brune velocity spectrum f / (1 + (f/fc)²) is a critically damped (Q = ½) bandpass at fc.
  const sFilter = [bandpassBiquad(fc, fs, 0.5), onePoleLowpass(fk, fs)];
  const pFilter = [bandpassBiquad(Math.min(fc * QUAKE.pCornerRatio, nyquistCap), fs, 0.5), onePoleLowpass(fk, fs)];
  const rise = QUAKE.riseBaseSeconds + QUAKE.riseSecondsPerKm * q.distanceKm;
  const pEnv = onsetDecay(rise, Math.max(QUAKE.minCodaDecaySeconds, Math.min(coda, sp * QUAKE.pDecayPerSp + 0.5)));
  const sEnvAt = onsetDecay(2 * rise, coda);
  const sEnv = (t: number): number => sEnvAt(t - sp);

  const pZ = shapedBurst(rng, length, fs, pFilter, pEnv);
  const pR = shapedBurst(rng, length, fs, pFilter, pEnv);
  const sH1 = shapedBurst(rng, length, fs, sFilter, sEnv);
  const sH2 = shapedBurst(rng, length, fs, sFilter, sEnv);
  const sZ = shapedBurst(rng, length, fs, sFilter, sEnv);

  const peakVelocity = peakVelocityMs(q.magnitude, q.distanceKm, q.stressDropBar);
  const peakP = peakVelocity * q.pToS;
  scaleInPlace(peakVelocity / (peakAbs(sH1, sH2) || 1), sH1, sH2);
  scaleInPlace((peakVelocity * q.sOnVertical) / (peakAbs(sZ) || 1), sZ);
  scaleInPlace(peakP / (peakAbs(pZ) || 1), pZ);
  scaleInPlace((peakP * QUAKE.pOnHorizontalRatio) / (peakAbs(pR) || 1), pR);

  // Radial P projects on N/E by the back-azimuth; the two S components are rotated likewise.
  const cos = Math.cos(q.backAzimuth);
  const sin = Math.sin(q.backAzimuth);
  const z = new Float32Array(length);
  const n = new Float32Array(length);
  const e = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    z[i] = pZ[i]! + sZ[i]!;
    n[i] = cos * pR[i]! + cos * sH1[i]! - sin * sH2[i]!;
    e[i] = sin * pR[i]! + sin * sH1[i]! + cos * sH2[i]!;
  }
  return { data: [z, n, e], sIndex, peakVelocity, peakP };
}
