/**
 * Hard negatives: non-earthquake transients that a naive detector (or STA/LTA) mistakes for quakes.
 * - vehicle: a broadband 8–25 Hz rumble with a 2–5 Hz heavy-load part, bell-shaped as it passes;
 * - footsteps: impacts every ~0.5 s, each a ringing 10–30 Hz pulse plus a low thump, so the spectrum
 *   has lines near 2 and 4 Hz (step rate and its harmonic);
 * - glitch: a one-to-three-sample spike or a mass-recentre step decaying over seconds;
 * - teleseism: a distant large quake's long-period (≈0.3–1.5 Hz) emergent arrival and long coda —
 *   real ground motion, but labelled negative for local-event detection;
 * - burst: one emergent arrival of band-limited energy (centre 2–15 Hz, 1–8 s) with no second phase
 *   and no coda, on the components in random proportions — the unexplained transients of real
 *   pre-event noise (wind gusts, machinery, rockfall) that a detector trained on stationary synthetic
 *   noise takes for weak quakes;
 * - boxcar: band-limited noise switched on and off — a flat envelope with abrupt ends, 1–10 s, on one
 *   component or all — as telemetry and digitiser faults or cycling machinery record it; its abrupt
 *   onset looks like an impulsive P, but nothing follows it and it stops as suddenly as it began.
 * All return Z, N, E ground velocity (m/s) scaled so the peak equals `peakVelocity`.
 */
import { bandpassBiquad, filterInPlace, onePoleLowpass } from '../dsp/biquad.js';
import { HARD_NEGATIVES } from '../defaults.js';
import type { Rng } from '../random.js';
import type { HardNegativeKind } from '../types.js';
import { onsetDecay, peakAbs, scaleInPlace, shapedBurst, type Envelope } from './burst.js';

/** A synthesized transient, starting at its onset. */
export interface Transient {
  data: [Float32Array, Float32Array, Float32Array];
  durationSeconds: number;
}

const bell =
  (durationSeconds: number): Envelope =>
  (t) =>
    Math.exp(-0.5 * ((t - durationSeconds / 2) / (durationSeconds / 6)) ** 2);

function vehicle(rng: Rng, fs: number): Transient {
  const dur = rng.uniform(...HARD_NEGATIVES.vehicleDurationSeconds);
  const n = Math.round(dur * fs);
  const fc = Math.min(rng.uniform(8, 25), 0.4 * fs);
  const env = bell(dur);
  const comp = (w: number): Float32Array => {
    const hi = shapedBurst(rng, n, fs, [bandpassBiquad(fc, fs, rng.uniform(1, 3))], env);
    const lo = shapedBurst(rng, n, fs, [bandpassBiquad(rng.uniform(2, 5), fs, 1)], env);
    for (let i = 0; i < n; i++) hi[i] = w * (hi[i]! + 0.5 * lo[i]!);
    return hi;
  };
  return { data: [comp(1), comp(0.7), comp(0.7)], durationSeconds: dur };
}

function footsteps(rng: Rng, fs: number): Transient {
  const dur = rng.uniform(...HARD_NEGATIVES.footstepsDurationSeconds);
  const n = Math.round(dur * fs);
  const env = bell(dur);
  const impulses = new Float32Array(n);
  const interval = rng.uniform(...HARD_NEGATIVES.stepIntervalSeconds);
  for (let t = rng.uniform(0, interval); t < dur; t += interval * (1 + 0.05 * rng.normal())) {
    const i = Math.round(t * fs);
    if (i < n) impulses[i] = env(t) * (1 + 0.2 * rng.normal());
  }
  const ring = Math.min(rng.uniform(10, 30), 0.4 * fs);
  const comp = (w: number): Float32Array => {
    const a = impulses.slice();
    const b = impulses.slice();
    filterInPlace(a, [bandpassBiquad(ring, fs, 4)]);
    filterInPlace(b, [bandpassBiquad(4, fs, 1.5)]);
    for (let i = 0; i < n; i++) a[i] = w * (a[i]! + 0.6 * b[i]!);
    return a;
  };
  return { data: [comp(1), comp(0.5), comp(0.5)], durationSeconds: dur };
}

function glitch(rng: Rng, fs: number): Transient {
  if (rng.next() < HARD_NEGATIVES.spikeShare) {
    const n = 1 + rng.int(3);
    const channel = rng.next() < 0.5 ? -1 : rng.int(3); // -1: all channels (digitizer-wide glitch)
    const data = [0, 1, 2].map((c) => {
      const a = new Float32Array(n);
      if (channel < 0 || channel === c)
        for (let i = 0; i < n; i++) a[i] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1);
      return a;
    }) as Transient['data'];
    return { data, durationSeconds: n / fs };
  }
  const dur = rng.uniform(2, 10);
  const n = Math.round(dur * fs);
  const decay = dur / 4;
  const sign = rng.next() < 0.5 ? -1 : 1;
  const step = new Float32Array(n);
  for (let i = 0; i < n; i++) step[i] = sign * Math.exp(-i / fs / decay);
  const c = rng.int(3);
  const data = [0, 1, 2].map((k) => (k === c ? step : new Float32Array(n))) as Transient['data'];
  return { data, durationSeconds: dur };
}

function teleseism(rng: Rng, fs: number): Transient {
  const dur = rng.uniform(...HARD_NEGATIVES.teleseismDurationSeconds);
  const n = Math.round(dur * fs);
  const env = onsetDecay(rng.uniform(1, 4), dur / 4);
  const sections = [bandpassBiquad(rng.uniform(0.5, 1), fs, 0.7), onePoleLowpass(1.5, fs), onePoleLowpass(1.5, fs)];
  const z = shapedBurst(rng, n, fs, sections, env, 5);
  const h1 = shapedBurst(rng, n, fs, sections, env, 5);
  const h2 = shapedBurst(rng, n, fs, sections, env, 5);
  scaleInPlace(0.4, h1, h2);
  return { data: [z, h1, h2], durationSeconds: dur };
}

function burst(rng: Rng, fs: number): Transient {
  const dur = rng.uniform(...HARD_NEGATIVES.burstDurationSeconds);
  const n = Math.round(dur * fs);
  const centre = Math.min(rng.uniform(...HARD_NEGATIVES.burstCentreHz), 0.4 * fs);
  const env = onsetDecay(rng.uniform(0.1, 0.3) * dur, rng.uniform(0.15, 0.4) * dur);
  const sections = [bandpassBiquad(centre, fs, rng.uniform(1, 4))];
  const data = [0, 1, 2].map(() => shapedBurst(rng, n, fs, sections, env)) as Transient['data'];
  for (const c of data) scaleInPlace(rng.uniform(0.2, 1), c);
  return { data, durationSeconds: dur };
}

/** Seconds of the raised-cosine ramps at a boxcar's two ends. */
const BOXCAR_RAMP_SECONDS: readonly [number, number] = [0.02, 0.1];

function boxcar(rng: Rng, fs: number): Transient {
  const dur = rng.uniform(...HARD_NEGATIVES.boxcarDurationSeconds);
  const n = Math.round(dur * fs);
  const centre = Math.min(rng.uniform(...HARD_NEGATIVES.boxcarCentreHz), 0.4 * fs);
  const ramp = rng.uniform(...BOXCAR_RAMP_SECONDS);
  const edge = (t: number): number => (t >= ramp ? 1 : t <= 0 ? 0 : 0.5 - 0.5 * Math.cos((Math.PI * t) / ramp));
  const last = (n - 1) / fs; // the envelope reaches zero on the boxcar's last sample
  const env: Envelope = (t) => edge(t) * edge(last - t);
  const sections = [bandpassBiquad(centre, fs, rng.uniform(0.5, 2))];
  const only = rng.next() < 0.5 ? rng.int(3) : -1; // -1: every component (a digitiser-wide fault)
  const data = [0, 1, 2].map((c) =>
    only < 0 || only === c ? shapedBurst(rng, n, fs, sections, env) : new Float32Array(n),
  ) as Transient['data'];
  if (only < 0) for (const c of data) scaleInPlace(rng.uniform(0.3, 1), c);
  return { data, durationSeconds: dur };
}

const MAKERS: Record<HardNegativeKind, (rng: Rng, fs: number) => Transient> = {
  vehicle,
  footsteps,
  glitch,
  teleseism,
  burst,
  boxcar,
};

/** Synthesizes one hard negative of `kind` with peak ground velocity `peakVelocity` (m/s). */
export function synthesizeHardNegative(rng: Rng, kind: HardNegativeKind, fs: number, peakVelocity: number): Transient {
  const t = MAKERS[kind](rng, fs);
  scaleInPlace(peakVelocity / (peakAbs(...t.data) || 1), ...t.data);
  return t;
}

/** Draws the peak SNR of a hard negative of `kind` (log-uniform in the kind's range). */
export function sampleHardNegativeSnr(rng: Rng, kind: HardNegativeKind): number {
  const [lo, hi] = HARD_NEGATIVES.snrRange[kind];
  return lo * (hi / lo) ** rng.next();
}

/** Picks a kind with probability proportional to `mix`. */
export function sampleHardNegativeKind(rng: Rng, mix: Readonly<Record<HardNegativeKind, number>>): HardNegativeKind {
  const kinds = Object.keys(mix) as HardNegativeKind[];
  const total = kinds.reduce((s, k) => s + mix[k], 0);
  let u = rng.next() * total;
  for (const k of kinds) {
    u -= mix[k];
    if (u < 0) return k;
  }
  return kinds[kinds.length - 1]!;
}
