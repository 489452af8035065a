/**
 * STA/LTA characteristic functions (Allen 1978; Withers et al. 1998), following the conventions of
 * ObsPy's `classic_sta_lta` / `recursive_sta_lta`: energy x², ratio zero until the LTA is filled.
 */
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';

/** Classic STA/LTA: mean of x² over the last `nsta` samples over that of the last `nlta` samples
 *  (both windows end at the current sample); 0 for the first `nlta − 1` samples. */
export function classicStaLta(x: ArrayLike<number>, nsta: number, nlta: number): Float64Array {
  checkLengths(nsta, nlta);
  const n = x.length;
  const out = new Float64Array(n);
  const csum = new Float64Array(n + 1); // prefix sums of x², in doubles (long sums drift in float32)
  for (let i = 0; i < n; i++) csum[i + 1] = csum[i]! + x[i]! * x[i]!;
  for (let i = nlta - 1; i < n; i++) {
    const sta = (csum[i + 1]! - csum[i + 1 - nsta]!) / nsta;
    const lta = (csum[i + 1]! - csum[i + 1 - nlta]!) / nlta;
    out[i] = lta > 0 ? sta / lta : 0;
  }
  return out;
}

/** Recursive STA/LTA: sta += (x² − sta)/nsta, lta += (x² − lta)/nlta; ratio 0 for the first
 *  `nlta` samples. */
export function recursiveStaLta(x: ArrayLike<number>, nsta: number, nlta: number): Float64Array {
  checkLengths(nsta, nlta);
  const n = x.length;
  const out = new Float64Array(n);
  const cs = 1 / nsta;
  const cl = 1 / nlta;
  let sta = 0;
  let lta = 1e-99;
  for (let i = 0; i < n; i++) {
    const e = x[i]! * x[i]!;
    sta = cs * e + (1 - cs) * sta;
    lta = cl * e + (1 - cl) * lta;
    out[i] = i < nlta ? 0 : sta / lta;
  }
  return out;
}

function checkLengths(nsta: number, nlta: number): void {
  if (!(Number.isInteger(nsta) && Number.isInteger(nlta) && nsta >= 1 && nlta > nsta)) {
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `need integers 1 ≤ nsta < nlta, got ${nsta}, ${nlta}`);
  }
}

/**
 * Trigger on/off: a trigger starts at the first sample with ratio > `on` and ends at the first later
 * sample with ratio < `off` (or the last sample). Returns [onIndex, offIndex] pairs.
 */
export function triggerOnsets(ratio: ArrayLike<number>, on: number, off: number): Array<[number, number]> {
  if (!(off <= on)) throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `off (${off}) must not exceed on (${on})`);
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i < ratio.length; i++) {
    const r = ratio[i]!;
    if (start < 0) {
      if (r > on) start = i;
    } else if (r < off) {
      out.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, ratio.length - 1]);
  return out;
}
