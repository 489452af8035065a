import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { welchPsd } from '../dsp/psd.js';
import { peakAbs } from './burst.js';
import { sampleHardNegativeKind, synthesizeHardNegative } from './transients.js';

test('a noise burst is one emergent band-limited arrival: peak as asked, energy mid-burst, not at its onset', () => {
  const fs = 100;
  for (let seed = 1; seed <= 5; seed++) {
    const b = synthesizeHardNegative(createRng(seed), 'burst', fs, 2e-6);
    assert.ok(b.durationSeconds >= 1 && b.durationSeconds <= 8, `duration ${b.durationSeconds}`);
    assert.ok(Math.abs(peakAbs(...b.data) - 2e-6) < 1e-12);
    const z = b.data[0];
    const n = z.length;
    const head = peakAbs(z.subarray(0, Math.max(1, Math.round(n * 0.03))));
    assert.ok(head < 0.5 * peakAbs(z), 'emergent: the first samples are far below the peak');
  }
});

test('a noise burst is band-limited: most of its power lies within 1–20 Hz', () => {
  const b = synthesizeHardNegative(createRng(7), 'burst', 100, 1);
  const { frequencies, psd } = welchPsd(b.data[0], 100, 128);
  let inBand = 0;
  let total = 0;
  frequencies.forEach((f, i) => {
    total += psd[i]!;
    if (f >= 1 && f <= 20) inBand += psd[i]!;
  });
  assert.ok(inBand / total > 0.8, `in-band share ${inBand / total}`);
});

test('a kind of weight 0 is never drawn', () => {
  const rng = createRng(3);
  const mix = { vehicle: 1, footsteps: 1, glitch: 1, teleseism: 1, burst: 0, boxcar: 1 };
  for (let i = 0; i < 2000; i++) assert.notEqual(sampleHardNegativeKind(rng, mix), 'burst');
});

test('a boxcar switches on and off: at full level within 0.1 s of its start and back at zero at its end', () => {
  const fs = 100;
  for (let seed = 1; seed <= 8; seed++) {
    const b = synthesizeHardNegative(createRng(seed), 'boxcar', fs, 1);
    assert.ok(b.durationSeconds >= 1 && b.durationSeconds <= 10, `duration ${b.durationSeconds}`);
    const loud = b.data.reduce((best, c) => (peakAbs(c) > peakAbs(best) ? c : best));
    const n = loud.length;
    const rms = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    // abrupt: the first 0.1-0.6 s already carries the level of the middle of the boxcar
    const onset = rms(loud.subarray(Math.round(0.1 * fs), Math.round(0.6 * fs)));
    const middle = rms(loud.subarray(Math.round(n / 2 - 0.25 * fs), Math.round(n / 2 + 0.25 * fs)));
    assert.ok(onset > 0.4 * middle, `seed ${seed}: onset ${onset} vs middle ${middle}`);
    // abrupt end: its last sample is back near zero although the middle is at full level
    assert.ok(Math.abs(loud[n - 1]!) < 0.05 * peakAbs(loud), `seed ${seed}: last sample ${loud[n - 1]}`);
  }
});

test('a boxcar on one component leaves the others silent', () => {
  let single = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const b = synthesizeHardNegative(createRng(seed), 'boxcar', 100, 1);
    if (b.data.filter((c) => peakAbs(c) === 0).length === 2) single++;
  }
  assert.ok(single > 0 && single < 20, `one-component boxcars: ${single} of 20`);
});
