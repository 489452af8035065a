/** Welch power spectral density: Hann-windowed, 50 %-overlapping segments, one-sided, density
 *  scaling (units²/Hz), as scipy.signal.welch(..., scaling='density'). */
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';

/** In-place iterative radix-2 FFT of (re, im); length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1))
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `FFT length must be a power of two, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const ang = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

/** Welch PSD of `x` at `sampleRate` with segments of `segmentLength` (a power of two). */
export function welchPsd(
  x: ArrayLike<number>,
  sampleRate: number,
  segmentLength: number,
): { frequencies: Float64Array; psd: Float64Array } {
  const n = segmentLength;
  const win = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  const winPower = win.reduce((s, w) => s + w * w, 0);
  const psd = new Float64Array(n / 2 + 1);
  let segments = 0;
  for (let start = 0; start + n <= x.length; start += n / 2) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[start + i]!;
    mean /= n;
    const re = Float64Array.from({ length: n }, (_, i) => (x[start + i]! - mean) * win[i]!);
    const im = new Float64Array(n);
    fft(re, im);
    for (let k = 0; k <= n / 2; k++) psd[k]! += re[k]! * re[k]! + im[k]! * im[k]!;
    segments++;
  }
  if (segments === 0)
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `signal (${x.length}) shorter than one segment (${n})`);
  for (let k = 0; k <= n / 2; k++) {
    const oneSided = k === 0 || k === n / 2 ? 1 : 2;
    psd[k] = (psd[k]! * oneSided) / (sampleRate * winPower * segments);
  }
  const frequencies = Float64Array.from({ length: n / 2 + 1 }, (_, k) => (k * sampleRate) / n);
  return { frequencies, psd };
}
