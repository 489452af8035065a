/**
 * Peterson (1993) New Low / New High Noise Models: acceleration PSD in dB rel. 1 (m/s²)²/Hz, given
 * piecewise as dB = A + B·log10(T) for period T in [P_i, P_{i+1}) (USGS Open-File Report 93-322,
 * Table 1; the same coefficients as the original Fortran `lnm`/`hnm` routines).
 */

type Segments = ReadonlyArray<readonly [period: number, a: number, b: number]>;

const NLNM: Segments = [
  [0.1, -162.36, 5.64],
  [0.17, -166.7, 0],
  [0.4, -170.0, -8.3],
  [0.8, -166.4, 28.9],
  [1.24, -168.6, 52.48],
  [2.4, -159.98, 29.81],
  [4.3, -141.1, 0],
  [5.0, -71.36, -99.77],
  [6.0, -97.26, -66.49],
  [10.0, -132.18, -31.57],
  [12.0, -205.27, 36.16],
  [15.6, -37.65, -104.33],
  [21.9, -114.37, -47.1],
  [31.6, -160.58, -16.28],
  [45.0, -187.5, 0],
  [70.0, -216.47, 15.7],
  [101.0, -185.0, 0],
  [154.0, -168.34, -7.61],
  [328.0, -217.43, 11.9],
  [600.0, -258.28, 26.6],
  [10000.0, -346.88, 48.75],
];

const NHNM: Segments = [
  [0.1, -108.73, -17.23],
  [0.22, -150.34, -80.5],
  [0.32, -122.31, -23.87],
  [0.8, -116.85, 32.51],
  [3.8, -108.48, 18.08],
  [4.6, -74.66, -32.95],
  [6.3, 0.66, -127.18],
  [7.9, -93.37, -22.42],
  [15.4, 73.54, -162.98],
  [20.0, -151.52, 10.01],
  [354.8, -206.66, 31.63],
];

/** Models are defined for 0.1 s ≤ T ≤ 100000 s; shorter periods use the 0.1 s value (flat). */
function evaluate(model: Segments, periodSeconds: number): number {
  const t = Math.max(periodSeconds, 0.1);
  let seg = model[0]!;
  for (const s of model) {
    if (t >= s[0]) seg = s;
    else break;
  }
  return seg[1] + seg[2] * Math.log10(seg === model[0] && t < seg[0] ? seg[0] : t);
}

/** NLNM acceleration PSD, dB rel. 1 (m/s²)²/Hz, at period `periodSeconds`. */
export function nlnmAccelerationDb(periodSeconds: number): number {
  return evaluate(NLNM, periodSeconds);
}

/** NHNM acceleration PSD, dB rel. 1 (m/s²)²/Hz, at period `periodSeconds`. */
export function nhnmAccelerationDb(periodSeconds: number): number {
  return evaluate(NHNM, periodSeconds);
}

/** Converts an acceleration PSD in dB to a velocity PSD in dB rel. 1 (m/s)²/Hz at frequency `f`:
 *  P_v = P_a / (2πf)². */
export function accelerationToVelocityDb(accelDb: number, frequencyHz: number): number {
  return accelDb - 20 * Math.log10(2 * Math.PI * frequencyHz);
}
