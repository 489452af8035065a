import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { butterworthBandpass, filterInPlace, filterInterleaved } from './biquad.js';

const sections = butterworthBandpass(4, 1, 20, 100);

function interleavedNoise(seed: number, frames: number, channels: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: frames * channels }, () => rng.normal());
}

for (const reverse of [false, true]) {
  for (const channels of [3, 2]) {
    test(`filterInterleaved on ${channels} channels${reverse ? ', backwards,' : ''} equals filterInPlace on each channel`, () => {
      // A window in the middle of a buffer: the samples around it must stay untouched.
      const frames = 500;
      const offset = 7 * channels;
      const x = interleavedNoise(channels, frames + 20, channels);
      const expected = x.slice();
      for (let c = 0; c < channels; c++) filterInPlace(expected, sections, offset + c, channels, frames, reverse);
      filterInterleaved(x, sections, offset, channels, frames, reverse);
      assert.deepEqual(x, expected);
    });
  }
}
