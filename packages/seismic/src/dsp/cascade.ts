/** A stateful biquad cascade: filters consecutive blocks of one stream as if it were one long array. */
import type { Biquad } from './biquad.js';

export class BiquadCascade {
  private readonly coef: Float64Array;
  private readonly state: Float64Array;
  readonly sections: number;

  constructor(sections: readonly Biquad[]) {
    this.sections = sections.length;
    this.coef = new Float64Array(sections.length * 5);
    this.state = new Float64Array(sections.length * 2);
    sections.forEach((s, k) => this.coef.set([s.b0, s.b1, s.b2, s.a1, s.a2], k * 5));
  }

  /** Filters `buf[0..n)` in place, continuing from the state the previous call left. */
  process(buf: Float32Array, n = buf.length): void {
    const c = this.coef;
    const st = this.state;
    for (let k = 0; k < this.sections; k++) {
      const b0 = c[k * 5]!;
      const b1 = c[k * 5 + 1]!;
      const b2 = c[k * 5 + 2]!;
      const a1 = c[k * 5 + 3]!;
      const a2 = c[k * 5 + 4]!;
      let z1 = st[k * 2]!;
      let z2 = st[k * 2 + 1]!;
      for (let i = 0; i < n; i++) {
        const x = buf[i]!;
        const y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        buf[i] = y;
      }
      st[k * 2] = z1;
      st[k * 2 + 1] = z2;
    }
  }
}
