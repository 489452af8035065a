/** Filtered-noise bursts: the building block of every synthetic transient (quake phases, vehicles,
 *  teleseisms). White noise → spectral shaping filters → amplitude envelope. */
import { filterInPlace, type Biquad } from '../dsp/biquad.js';
import type { Rng } from '../random.js';

/** Envelope value at time `t` seconds after the burst start. */
export type Envelope = (t: number) => number;

/**
 * Returns `length` samples of band-limited noise shaped by `sections` and `envelope`. The filters run
 * over `preRollSeconds` seconds of noise first, so the burst starts in the filters' steady state.
 */
export function shapedBurst(
  rng: Rng,
  length: number,
  sampleRate: number,
  sections: readonly Biquad[],
  envelope: Envelope,
  preRollSeconds = 1,
): Float32Array {
  const pre = Math.round(preRollSeconds * sampleRate);
  const buf = new Float32Array(pre + length);
  for (let i = 0; i < buf.length; i++) buf[i] = rng.normal();
  filterInPlace(buf, sections);
  const out = buf.subarray(pre);
  for (let i = 0; i < length; i++) out[i]! *= envelope(i / sampleRate);
  return out;
}

/** Largest absolute value of the given arrays. */
export function peakAbs(...arrays: ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Multiplies every array by `factor`, in place. */
export function scaleInPlace(factor: number, ...arrays: Float32Array[]): void {
  for (const a of arrays) for (let i = 0; i < a.length; i++) a[i]! *= factor;
}

/** Emergent onset × exponential decay: (1 − e^{−(t/rise)²}) · e^{−t/decay}. */
export function onsetDecay(riseSeconds: number, decaySeconds: number): Envelope {
  return (t) => (t <= 0 ? 0 : (1 - Math.exp(-((t / riseSeconds) ** 2))) * Math.exp(-t / decaySeconds));
}
