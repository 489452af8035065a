/**
 * The project's one seeded pseudo-random generator. mulberry32 (Tommy Ettinger's 32-bit mixer) is
 * tiny, passes the usual statistical batteries for this purpose and costs ~1–2 ns per draw in V8,
 * which matters because the synthetic stations draw tens of millions of numbers per station-day.
 * Normals use the polar Box–Muller method with the spare value cached.
 */

/** A deterministic random stream: the same seed always yields the same sequence. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, variance 1). */
  normal(): number;
  /** Uniform integer in [0, n); `n` must be a positive integer. */
  int(n: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Raw 32-bit unsigned output; the fast path for bulk noise generation. */
  nextUint32(): number;
  /** A new independent generator derived from this one's stream (for sub-streams that must not
   *  shift when another sub-stream draws more or fewer numbers). */
  fork(): Rng;
}

const UINT32_SCALE = 1 / 4294967296;

/** Creates a mulberry32 generator. Any finite number is accepted as seed (it is folded to 32 bits). */
export function createRng(seed: number): Rng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare = 0;
  let hasSpare = false;

  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() * UINT32_SCALE;

  const rng: Rng = {
    next,
    nextUint32,
    normal(): number {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      let u = 0;
      let v = 0;
      let s = 0;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * f;
      hasSpare = true;
      return u * f;
    },
    int(n: number): number {
      return Math.floor(next() * n);
    },
    uniform(lo: number, hi: number): number {
      return lo + (hi - lo) * next();
    },
    fork(): Rng {
      return createRng(nextUint32() ^ 0x5bd1e995);
    },
  };
  return rng;
}
