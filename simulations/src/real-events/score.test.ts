import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreRealEvents } from './score.js';
import type { RealEvent } from './dev-set.js';

const P = 1_000_000;
const event = (
  file: string,
  network: string,
  channelType: RealEvent['channelType'] = 'broadband',
  verticalOnly = false,
): RealEvent & { dataStart: number } => ({
  file,
  network,
  station: 'STA',
  channels: verticalOnly ? ['EHZ'] : ['HHE', 'HHN', 'HHZ'],
  channelType,
  verticalOnly,
  pTime: P,
  sTime: P + 3000,
  dataStart: P - 30_000,
});

test('a detection from −5 s to +10 s around P finds the event; just outside it does not', () => {
  const events = [event('a', 'NC'), event('b', 'NC'), event('c', 'NC'), event('d', 'NC')];
  const s = scoreRealEvents(events, [[P - 5000], [P + 10_000], [P + 10_001], [P - 5001]]);
  assert.deepEqual(
    s.perEvent.map((e) => e.hit),
    [true, true, false, false],
  );
  assert.equal(s.all.hits, 2);
  assert.equal(s.all.recall, 0.5);
});

test('detections before the hit window are false detections; after it (S, coda) they are neither', () => {
  const s = scoreRealEvents([event('a', 'NC')], [[P - 20_000, P - 6000, P + 1000, P + 3000, P + 40_000]]);
  assert.equal(s.all.hits, 1);
  assert.equal(s.noise.falseDetections, 2);
  assert.equal(s.perEvent[0]!.delaySeconds, 1);
  // Noise runs from the data start to P − 5 s: 25 s.
  assert.ok(Math.abs(s.noise.noiseHours - 25 / 3600) < 1e-12);
  assert.ok(Math.abs(s.noise.perHour - 2 / (25 / 3600)) < 1e-9);
});

test('network BG is counted apart: its pre-event detections do not count against the quiet networks', () => {
  const s = scoreRealEvents([event('a', 'BG', 'geophone'), event('b', 'NC')], [[P - 10_000, P], []]);
  assert.deepEqual(s.busyNetwork, { events: 1, hits: 1, recall: 1 });
  assert.deepEqual(s.quietNetworks, { events: 1, hits: 0, recall: 0 });
  assert.equal(s.busyNetworkNoise.falseDetections, 1);
  assert.equal(s.noise.falseDetections, 0);
});

test('recall is broken down by instrument family and for vertical-only stations', () => {
  const events = [
    event('a', 'NC', 'short-period', true),
    event('b', 'NC', 'short-period'),
    event('c', 'CI', 'strong-motion'),
  ];
  const s = scoreRealEvents(events, [[P], [], [P + 2000]]);
  assert.deepEqual(s.byChannelType['short-period'], { events: 2, hits: 1, recall: 0.5 });
  assert.deepEqual(s.byChannelType['strong-motion'], { events: 1, hits: 1, recall: 1 });
  assert.deepEqual(s.verticalOnly, { events: 1, hits: 1, recall: 1 });
});

test('a blind start is not scored: detections there count for nothing and the noise is measured after it', () => {
  const s = scoreRealEvents([event('a', 'NC')], [[P - 28_000, P - 15_000, P]], { blindStartSeconds: 10 });
  assert.equal(s.noise.falseDetections, 1);
  assert.ok(Math.abs(s.noise.noiseHours - 15 / 3600) < 1e-12);
  assert.equal(s.all.hits, 1);
});
