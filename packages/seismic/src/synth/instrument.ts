/**
 * Instrument responses for domain randomisation: real networks mix broadband seismometers (flat in
 * velocity), short-period seismometers (flat above ~1 Hz), 4.5 Hz geophones and accelerometers
 * (flat in acceleration, with a self-noise floor far above a quiet site's ground noise). Inside the
 * detection band (1–20 Hz) they differ by spectral tilt: a classifier trained on broadband data only
 * learns one tilt and fails on the rest. The response is applied to the whole recorded signal
 * (noise plus events), as a sensor does.
 */
import { INSTRUMENTS } from '../defaults.js';
import { filterInPlace, highpassBiquad } from '../dsp/biquad.js';
import type { Rng } from '../random.js';
import type { InstrumentKind } from '../types.js';

/** SEED band + instrument code of a 100 Hz channel of each kind. */
export const INSTRUMENT_CHANNEL_PREFIX: Record<InstrumentKind, string> = {
  broadband: 'HH',
  'short-period': 'EH',
  geophone: 'DP',
  accelerometer: 'HN',
};

/**
 * Applies the response of `kind` to channel buffers in place (a causal filter, so give the buffers a
 * warm-up). Accelerometers differentiate velocity and add white self-noise at `selfNoiseRatio` × the
 * differentiated signal's RMS, with ratio log-uniform in `INSTRUMENTS.accelerometerSelfNoise`, drawn
 * from `rng`; the other kinds draw nothing.
 */
export function applyInstrument(buffers: Float32Array[], kind: InstrumentKind, sampleRate: number, rng: Rng): void {
  if (kind === 'broadband') return;
  if (kind === 'accelerometer') {
    const [lo, hi] = INSTRUMENTS.accelerometerSelfNoise;
    const ratio = lo * (hi / lo) ** rng.next();
    for (const x of buffers) differentiateWithSelfNoise(x, sampleRate, ratio, rng);
    return;
  }
  const corner = kind === 'geophone' ? INSTRUMENTS.geophoneCornerHz : INSTRUMENTS.shortPeriodCornerHz;
  const section = highpassBiquad(corner, sampleRate, INSTRUMENTS.damping);
  for (const x of buffers) filterInPlace(x, [section]);
}

/** x ← fs·(x[i] − x[i−1]) plus white noise of `ratio` × its RMS. */
function differentiateWithSelfNoise(x: Float32Array, fs: number, ratio: number, rng: Rng): void {
  let previous = x[0] ?? 0;
  let sum2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = (v - previous) * fs;
    previous = v;
    sum2 += x[i]! * x[i]!;
  }
  const sigma = ratio * Math.sqrt(sum2 / Math.max(1, x.length));
  for (let i = 0; i < x.length; i++) x[i]! += sigma * rng.normal();
}
