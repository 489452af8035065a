/**
 * Streams site noise for one component. Each component of the fitted design filters its own white
 * noise; the whole bank runs fused in one loop with all filter state in locals, because this loop is
 * the generator's hot path (≈ 26 M samples per 3-component station-day).
 *
 * White noise here comes from 32-bit linear congruential generators (Numerical Recipes' `ranqd1`
 * constants), seeded from the project PRNG: one multiply-add per draw instead of mulberry32's
 * mixing. Their low bits are weak but the signed 32-bit state used whole as a uniform sample is a
 * perfectly flat-spectrum noise source, and after the narrow filters the output is Gaussian by the
 * central limit theorem. The cultural band's gain follows the day/night activity curve, updated once
 * per block (1 s), far slower than any band it shapes.
 */
import type { Rng } from '../random.js';
import { SYNTH } from '../defaults.js';
import type { Biquad } from '../dsp/biquad.js';
import type { NoiseDesign } from './noise-design.js';

/** Cultural activity in [0, 1] at a UTC time for a site at `utcOffsetHours`: a raised cosine that
 *  bottoms out at 03:00 local time and peaks at 15:00. */
export function culturalActivity(epochMs: number, utcOffsetHours: number): number {
  const hour = (((epochMs / 3_600_000 + utcOffsetHours) % 24) + 24) % 24;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - SYNTH.quietestHour)) / 24);
}

/** Signed int32 × 2⁻³² is uniform on [−½, ½): variance 1/12, so √12 makes it unit variance. */
const INT_TO_UNIT = Math.sqrt(12) / 4294967296;
const LCG_A = 1664525;
const LCG_C = 1013904223;
const EXPECTED = ['microseism:2', 'red:1', 'cultural:1', 'high:1'].join(',');

const coefficientCache = new WeakMap<NoiseDesign, Float64Array>();

/** The design's sections flattened for the fused kernel (validated and cached once per design). */
function kernelCoefficients(design: NoiseDesign): Float64Array {
  const cached = coefficientCache.get(design);
  if (cached) return cached;
  const layout = design.components.map((c) => `${c.name}:${c.sections.length}`).join(',');
  if (layout !== EXPECTED) throw new Error(`noise generator expects components ${EXPECTED}, got ${layout}`);
  const sections: Biquad[] = design.components.flatMap((c) => c.sections);
  sections.forEach((q, k) => {
    const ok = k === 2 ? q.b2 === 0 && q.a2 === 0 : q.b1 === 0 && q.b2 === -q.b0;
    if (!ok) throw new Error(`noise section ${k} does not have the bandpass/one-pole form the kernel assumes`);
  });
  const c = new Float64Array(sections.flatMap((q) => [q.b0, q.b1, q.b2, q.a1, q.a2]));
  coefficientCache.set(design, c);
  return c;
}

/** Stateful generator of one component's noise stream (velocity × `scale`, e.g. counts per m/s). */
export class NoiseGenerator {
  private readonly c: Float64Array; // 5 sections × (b0, b1, b2, a1, a2)
  private readonly z = new Float64Array(10); // 5 sections × (z1, z2)
  private readonly seeds = new Int32Array(4);
  private readonly blockSize: number;
  private readonly gains: number[];

  constructor(
    private readonly design: NoiseDesign,
    rng: Rng,
    private readonly scale: number,
    private readonly utcOffsetHours: number,
  ) {
    this.c = kernelCoefficients(design);
    for (let i = 0; i < 4; i++) this.seeds[i] = rng.nextUint32() | 0;
    this.gains = design.components.map((c) => Math.sqrt(c.power) * scale * INT_TO_UNIT);
    this.blockSize = Math.max(1, Math.round(design.sampleRate * SYNTH.culturalGainBlockSeconds));
  }

  /** Writes `out[offset .. offset+count)`, the first sample at epoch `startMs`; advances the state. */
  fill(out: Float32Array, startMs: number, offset = 0, count = out.length - offset): void {
    const fs = this.design.sampleRate;
    const c = this.c;
    const z = this.z;
    const cult = this.design.components[this.design.culturalIndex]!;
    const gm = this.gains[0]!;
    const gr = this.gains[1]!;
    const gh = this.gains[3]!;
    const sd = this.seeds;
    let s0 = sd[0]!;
    let s1 = sd[1]!;
    let s2 = sd[2]!;
    let s3 = sd[3]!;
    // Section order: microseism ×2, red, cultural, high (checked in the constructor).
    const [ma0, maA1, maA2] = [c[0]!, c[3]!, c[4]!];
    const [mb0, mbA1, mbA2] = [c[5]!, c[8]!, c[9]!];
    const [r0c, r1c, rA1] = [c[10]!, c[11]!, c[13]!];
    const [cb0, cA1, cA2] = [c[15]!, c[18]!, c[19]!];
    const [hb0, hA1, hA2] = [c[20]!, c[23]!, c[24]!];
    let m1a = z[0]!;
    let m2a = z[1]!;
    let m1b = z[2]!;
    let m2b = z[3]!;
    let r1 = z[4]!;
    let c1 = z[6]!;
    let c2 = z[7]!;
    let h1 = z[8]!;
    let h2 = z[9]!;
    for (let off = 0; off < count; off += this.blockSize) {
      const m = Math.min(this.blockSize, count - off);
      const activity = culturalActivity(startMs + ((off + m / 2) / fs) * 1000, this.utcOffsetHours);
      const gc = Math.sqrt(cult.power + this.design.culturalDayPower * activity) * this.scale * INT_TO_UNIT;
      const end = offset + off + m;
      for (let i = offset + off; i < end; i++) {
        s0 = (Math.imul(s0, LCG_A) + LCG_C) | 0;
        s1 = (Math.imul(s1, LCG_A) + LCG_C) | 0;
        s2 = (Math.imul(s2, LCG_A) + LCG_C) | 0;
        s3 = (Math.imul(s3, LCG_A) + LCG_C) | 0;
        // Bandpass sections have b1 = 0 and b2 = −b0, the red one-pole has b2 = a2 = 0 (checked in
        // the constructor), so each section needs only three multiplies.
        // microseism: two bandpass sections in series
        let x = s0 * gm;
        let y = ma0 * x + m1a;
        m1a = m2a - maA1 * y;
        m2a = -ma0 * x - maA2 * y;
        x = y;
        y = mb0 * x + m1b;
        m1b = m2b - mbA1 * y;
        m2b = -mb0 * x - mbA2 * y;
        let sum = y;
        // red background (one pole)
        x = s1 * gr;
        y = r0c * x + r1;
        r1 = r1c * x - rA1 * y;
        sum += y;
        // cultural band (day/night modulated)
        x = s2 * gc;
        y = cb0 * x + c1;
        c1 = c2 - cA1 * y;
        c2 = -cb0 * x - cA2 * y;
        sum += y;
        // high band
        x = s3 * gh;
        y = hb0 * x + h1;
        h1 = h2 - hA1 * y;
        h2 = -hb0 * x - hA2 * y;
        out[i] = sum + y;
      }
    }
    sd[0] = s0;
    sd[1] = s1;
    sd[2] = s2;
    sd[3] = s3;
    z[0] = m1a;
    z[1] = m2a;
    z[2] = m1b;
    z[3] = m2b;
    z[4] = r1;
    z[6] = c1;
    z[7] = c2;
    z[8] = h1;
    z[9] = h2;
  }
}
