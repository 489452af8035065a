/**
 * A minimal seeded stand-in for labelled seismic windows, for this package's tests: noise windows
 * are white noise (some with a spike glitch), quake windows add an emergent, decaying 5 Hz burst at
 * a random onset on every channel. Easy to separate on purpose: tests check that training works,
 * not how well the model detects real quakes.
 */
import { createRng } from '@quakefed/seismic';
import type { WindowData } from '../types.js';

export interface StandInOptions {
  count: number;
  length: number;
  channels: number;
  positiveRate: number;
  seed: number;
}

/** `count` windows, each a quake with probability `positiveRate`. */
export function standInWindows({ count, length, channels, positiveRate, seed }: StandInOptions): WindowData {
  const rng = createRng(seed);
  const x = new Float32Array(count * length * channels);
  const labels = new Uint8Array(count);
  for (let w = 0; w < count; w++) {
    const base = w * length * channels;
    for (let i = 0; i < length * channels; i++) x[base + i] = rng.normal();
    const quake = rng.next() < positiveRate;
    labels[w] = quake ? 1 : 0;
    if (quake) {
      const onset = Math.floor(length * (0.1 + 0.5 * rng.next()));
      const amplitude = 3 + 3 * rng.next();
      for (let t = onset; t < length; t++) {
        const dt = (t - onset) / 100;
        const envelope = amplitude * Math.min(1, dt / 0.2) * Math.exp(-dt / 1.5);
        for (let c = 0; c < channels; c++) x[base + t * channels + c]! += envelope * Math.sin(2 * Math.PI * 5 * dt + c);
      }
    } else if (rng.next() < 0.3) {
      x[base + rng.int(length) * channels]! += 20;
    }
  }
  return { x, labels, count, length, channels };
}
