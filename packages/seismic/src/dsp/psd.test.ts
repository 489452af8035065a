import { test } from 'node:test';
import assert from 'node:assert/strict';
import { welchPsd } from './psd.js';
import { createRng } from '../random.js';

test('Welch PSD of unit-variance white noise is 2/fs per Hz (one-sided)', () => {
  const rng = createRng(3);
  const x = Float64Array.from({ length: 1 << 16 }, () => rng.normal());
  const { psd } = welchPsd(x, 100, 1024);
  const mid = psd.slice(10, 500);
  const mean = mid.reduce((s, v) => s + v, 0) / mid.length;
  assert.ok(Math.abs(mean / (2 / 100) - 1) < 0.05, `mean PSD ${mean}`);
});

test('Welch PSD puts a sinusoid at its frequency with the right power', () => {
  const fs = 100;
  const x = Float64Array.from({ length: 1 << 14 }, (_, i) => Math.sqrt(2) * Math.sin((2 * Math.PI * 12.5 * i) / fs));
  const { frequencies, psd } = welchPsd(x, fs, 1024);
  const df = frequencies[1]!;
  const peak = psd.indexOf(Math.max(...psd));
  assert.equal(frequencies[peak], 12.5);
  const power = psd.reduce((s, v) => s + v, 0) * df; // variance of the sinusoid = 1
  assert.ok(Math.abs(power - 1) < 0.02, `power ${power}`);
});
