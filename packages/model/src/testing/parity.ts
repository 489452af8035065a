/** Helpers for kernel parity tests: seeded random tensors and a norm-wise relative error. */
import { createRng } from '@quakefed/seismic';

/** `n` seeded normal values; `positive` takes absolute values (like ReLU outputs). */
export function randomValues(n: number, seed: number, positive = false): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = positive ? Math.abs(rng.normal()) : rng.normal();
  return out;
}

/** max |a − b| / max |b|: relative error measured against the reference's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Conv geometries exercised by the parity tests: NHWC input [b, h, w, cin], filter [fh, fw, cin, cout]. */
export interface ConvCase {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

export const CONV_CASES: ConvCase[] = [
  {
    name: 'conv1d k3 s2 same, cin 3 cout 8',
    input: [4, 1, 100, 3],
    filter: [1, 3, 3, 8],
    strides: [1, 2],
    pad: 'same',
  },
  {
    name: 'conv1d k3 s1 same, cin 8 cout 16',
    input: [3, 1, 64, 8],
    filter: [1, 3, 8, 16],
    strides: [1, 1],
    pad: 'same',
  },
  { name: 'conv1d k5 s2 valid, odd width', input: [2, 1, 37, 5], filter: [1, 5, 5, 7], strides: [1, 2], pad: 'valid' },
  {
    name: 'conv1d k4 s2 same, cout 12, odd width',
    input: [3, 1, 51, 12],
    filter: [1, 4, 12, 12],
    strides: [1, 2],
    pad: 'same',
  },
  {
    name: 'conv1d k1 s1 valid, cin 1 cout 1',
    input: [2, 1, 9, 1],
    filter: [1, 1, 1, 1],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: 'conv1d k7 s3 same, cin 16 cout 32',
    input: [2, 1, 129, 16],
    filter: [1, 7, 16, 32],
    strides: [1, 3],
    pad: 'same',
  },
  { name: 'conv2d 3x3 s(2,1) same', input: [2, 7, 9, 6], filter: [3, 3, 6, 10], strides: [2, 1], pad: 'same' },
  { name: 'conv2d 2x3 s(1,2) valid', input: [1, 6, 11, 4], filter: [2, 3, 4, 8], strides: [1, 2], pad: 'valid' },
];
