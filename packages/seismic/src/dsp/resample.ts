/**
 * Band-limited resampling by windowed-sinc interpolation (Lanczos window, `a` lobes). When the rate
 * drops, the kernel is stretched so its cut-off sits at the new Nyquist frequency (anti-aliasing);
 * when it rises, the kernel interpolates at the old one. Output sample 0 coincides with input 0.
 */
import { RESAMPLE_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Resamples `x` from `fromRate` to `toRate` Hz; returns a new array (a copy when rates match). */
export function resample(
  x: Float32Array,
  fromRate: number,
  toRate: number,
  lobes: number = RESAMPLE_DEFAULTS.lobes,
): Float32Array {
  if (!(fromRate > 0 && toRate > 0))
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `rates must be positive, got ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return Float32Array.from(x);
  const ratio = toRate / fromRate;
  const outLength = Math.max(0, Math.floor((x.length - 1) * ratio) + 1);
  const out = new Float32Array(outLength);
  const cut = Math.min(1, ratio); // cut-off relative to the input Nyquist
  const half = lobes / cut; // kernel half-width in input samples
  for (let n = 0; n < outLength; n++) {
    const t = n / ratio;
    const lo = Math.max(0, Math.ceil(t - half));
    const hi = Math.min(x.length - 1, Math.floor(t + half));
    let acc = 0;
    let norm = 0;
    for (let k = lo; k <= hi; k++) {
      const d = (t - k) * cut;
      const w = sinc(d) * sinc(d / lobes);
      acc += w * x[k]!;
      norm += w;
    }
    // Normalising by the kernel sum keeps DC exact, also where the kernel is cut at the ends.
    out[n] = norm !== 0 ? acc / norm : 0;
  }
  return out;
}
