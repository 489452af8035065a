/**
 * Site-noise model: the velocity PSD a station's noise should follow, and a small set of recursive
 * filters whose summed outputs (each driven by its own white noise) reproduce it.
 *
 * Target: for a noise class at "position" α (0 = NLNM, 1 = NHNM, interpolated in dB) the night-time
 * PSD is T(f) = NLNM(f) + α·(NHNM(f) − NLNM(f)) + offset. The filter bank is a secondary-microseism
 * resonator at the station's peak frequency (two bandpass sections), a red background (one pole:
 * f⁻² above ~1 Hz), a 1–10 Hz cultural band and a 10–40 Hz band (one bandpass section each); their non-negative powers are fitted to T by least squares in dB. In the daytime the cultural band gains power so the 1–10 Hz level rises by the class's
 * day/night contrast (Peterson 1993; McNamara & Buland 2004 for typical day/night contrasts).
 */
import { bandpassBiquad, onePoleLowpass, powerResponse, type Biquad } from '../dsp/biquad.js';
import { NOISE_CLASSES, NOISE_DESIGN } from '../defaults.js';
import type { NoiseClass } from '../types.js';
import { accelerationToVelocityDb, nhnmAccelerationDb, nlnmAccelerationDb } from './peterson.js';

/** One filtered-white-noise component: output PSD = power · |H(f)|² · 2/fs. */
export interface NoiseComponent {
  name: 'microseism' | 'red' | 'cultural' | 'high';
  sections: Biquad[];
  /** Variance multiplier of the unit-variance white input at night. */
  power: number;
}

/** A fitted site-noise model in ground velocity (m/s). */
export interface NoiseDesign {
  sampleRate: number;
  components: NoiseComponent[];
  /** Index of the cultural component, whose power rises by `culturalDayPower × activity(t)`. */
  culturalIndex: number;
  culturalDayPower: number;
}

/** Parameters of a design. */
export interface NoiseDesignSpec {
  sampleRate: number;
  noiseClass: NoiseClass;
  /** Shift of the site's level in dB relative to its class (per-station variation). */
  offsetDb: number;
  /** Secondary microseism peak, Hz (0.1–0.3). */
  microseismHz: number;
}

/** The night-time target velocity PSD (m/s)²/Hz of a class at frequency `f`. */
export function targetVelocityPsd(noiseClass: NoiseClass, offsetDb: number, f: number): number {
  const lo = nlnmAccelerationDb(1 / f);
  const hi = nhnmAccelerationDb(1 / f);
  const db = lo + NOISE_CLASSES[noiseClass].position * (hi - lo) + offsetDb;
  return 10 ** (accelerationToVelocityDb(db, f) / 10);
}

function componentShapes(fs: number, microseismHz: number): Omit<NoiseComponent, 'power'>[] {
  const d = NOISE_DESIGN;
  return [
    {
      name: 'microseism',
      sections: Array.from({ length: d.microseismSections }, () => bandpassBiquad(microseismHz, fs, d.microseismQ)),
    },
    { name: 'red', sections: [onePoleLowpass(d.redCornerHz, fs)] },
    { name: 'cultural', sections: [bandpassBiquad(d.culturalCentreHz, fs, d.culturalQ)] },
    { name: 'high', sections: [bandpassBiquad(d.highCentreHz, fs, d.highQ)] },
  ];
}

/** Frequencies (log-spaced) the fit and the analytic checks use. */
export function fitFrequencies(fs: number): number[] {
  const [lo, hiFraction] = [NOISE_DESIGN.fitBandHz[0], NOISE_DESIGN.fitBandHz[1]];
  const hi = Math.min(hiFraction, 0.45 * fs);
  const n = NOISE_DESIGN.fitPoints;
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

/**
 * Fits non-negative powers c_k so that Σ c_k·B_k(f) matches the target in dB (log-domain least
 * squares: errors above and below the target weigh alike). Levenberg–Marquardt on θ_k = ln c_k, with
 * `columns[k][f] = B_k(f) / T(f)`, so the residual is ln Σ c_k columns[k][f].
 */
function fitLogPowers(columns: number[][], rows: number): number[] {
  const k = columns.length;
  // Start each component at half the largest power that nowhere exceeds the target.
  const theta = columns.map((col) => Math.log(0.5 / Math.max(...col)));
  let lambda = 1e-2;
  const residuals = (th: number[]): { r: number[]; p: number[]; cost: number } => {
    const p = new Array<number>(rows).fill(0);
    for (let j = 0; j < k; j++) for (let f = 0; f < rows; f++) p[f]! += Math.exp(th[j]!) * columns[j]![f]!;
    const r = p.map((v) => Math.log(v));
    return { r, p, cost: r.reduce((s, v) => s + v * v, 0) };
  };
  let cur = residuals(theta);
  for (let it = 0; it < NOISE_DESIGN.fitIterations; it++) {
    const jac = columns.map((col, j) => col.map((v, f) => (Math.exp(theta[j]!) * v) / cur.p[f]!));
    const aug = jac.map((ja, a) => [
      ...jac.map((jb, b) => dot(ja, jb) + (a === b ? lambda * (dot(ja, ja) + 1e-12) : 0)),
      -dot(ja, cur.r),
    ]);
    const step = solve(aug, k);
    if (!step) break;
    const trial = theta.map((t, j) => t + step[j]!);
    const next = residuals(trial);
    if (next.cost < cur.cost) {
      theta.splice(0, k, ...trial);
      cur = next;
      lambda = Math.max(lambda / 3, 1e-9);
    } else lambda *= 4;
  }
  return theta.map((t) => Math.exp(t));
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function solve(aug: number[][], m: number): number[] | null {
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(aug[r]![col]!) > Math.abs(aug[piv]![col]!)) piv = r;
    if (Math.abs(aug[piv]![col]!) < 1e-300) return null;
    [aug[col], aug[piv]] = [aug[piv]!, aug[col]!];
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = aug[r]![col]! / aug[col]![col]!;
      for (let c = col; c <= m; c++) aug[r]![c]! -= f * aug[col]![c]!;
    }
  }
  return aug.map((row, i) => row[m]! / row[i]!);
}

/** Fits a site-noise filter bank to the class target. Deterministic; cheap (done once per profile). */
export function designNoise(spec: NoiseDesignSpec): NoiseDesign {
  const fs = spec.sampleRate;
  const shapes = componentShapes(fs, spec.microseismHz);
  const freqs = fitFrequencies(fs);
  const target = freqs.map((f) => targetVelocityPsd(spec.noiseClass, spec.offsetDb, f));
  const columns = shapes.map((s) => freqs.map((f, i) => (powerResponse(s.sections, f, fs) * 2) / fs / target[i]!));
  const powers = fitLogPowers(columns, freqs.length);
  const components = shapes.map((s, i) => ({ ...s, power: powers[i]! }));
  const culturalIndex = components.findIndex((c) => c.name === 'cultural');
  const cultural = components[culturalIndex]!;
  // Daytime: raise the PSD at the cultural band's centre by the class's day/night contrast.
  const fc = NOISE_DESIGN.culturalCentreHz;
  const night = velocityPsd({ sampleRate: fs, components, culturalIndex, culturalDayPower: 0 }, fc, 0);
  const extra = night * (10 ** (NOISE_CLASSES[spec.noiseClass].dayNightDb / 10) - 1);
  const culturalDayPower = extra / ((powerResponse(cultural.sections, fc, fs) * 2) / fs);
  return { sampleRate: fs, components, culturalIndex, culturalDayPower };
}

/** The design's one-sided velocity PSD, (m/s)²/Hz, at `f` for cultural activity in [0, 1]. */
export function velocityPsd(design: NoiseDesign, f: number, activity: number): number {
  const fs = design.sampleRate;
  let p = 0;
  design.components.forEach((c, i) => {
    const power = c.power + (i === design.culturalIndex ? design.culturalDayPower * activity : 0);
    p += (power * powerResponse(c.sections, f, fs) * 2) / fs;
  });
  return p;
}

/** RMS velocity (m/s) of the design's noise within [fLow, fHigh] Hz, by numerical integration. */
export function bandRmsVelocity(design: NoiseDesign, fLow: number, fHigh: number, activity: number): number {
  const n = 200;
  let acc = 0;
  const r = Math.log(fHigh / fLow);
  for (let i = 0; i < n; i++) {
    const f = fLow * Math.exp((r * (i + 0.5)) / n);
    acc += velocityPsd(design, f, activity) * f * (r / n); // df = f · dln f
  }
  return Math.sqrt(acc);
}
