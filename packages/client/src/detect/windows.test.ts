import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Trace } from '@quakefed/seismic';
import { channelMapFor, fillWindows, windowStartSamples } from './windows.js';

function trace(samples: number, channels = ['HHZ', 'HHN', 'HHE'], gaps: Trace['gaps'] = []): Trace {
  return {
    network: 'XX',
    station: 'STA',
    location: '00',
    channels,
    startTime: 0,
    sampleRate: 10,
    data: channels.map((_, c) => Float32Array.from({ length: samples }, (_, i) => c * 1000 + i)),
    gaps,
  };
}

test('window starts step by the hop and stay inside the data', () => {
  assert.deepEqual([...windowStartSamples(trace(50), 20, 10)], [0, 10, 20, 30]);
});

test('windows touching a gap are skipped', () => {
  // Gap over samples [25, 30) (2.5 s to 3 s at 10 Hz).
  const t = trace(80, ['HHZ'], [{ startTime: 2500, endTime: 3000 }]);
  assert.deepEqual([...windowStartSamples(t, 20, 10)], [0, 30, 40, 50, 60]);
});

test('windows are copied channels-last in Z, N, E order whatever the trace order', () => {
  const t = trace(10, ['HHE', 'HHZ', 'HHN']);
  const out = new Float32Array(2 * 3);
  fillWindows(t, Int32Array.from([4]), 0, 1, 2, channelMapFor(t, 3), out);
  // Z is trace channel 1 (values 1000+i), N channel 2 (2000+i), E channel 0 (i).
  assert.deepEqual([...out], [1004, 2004, 4, 1005, 2005, 5]);
});

test('a missing component is left zero; 1/2 horizontals stand for N/E', () => {
  assert.deepEqual(channelMapFor(trace(1, ['HHZ']), 3), [0, -1, -1]);
  assert.deepEqual(channelMapFor(trace(1, ['HH2', 'HH1', 'HHZ']), 3), [2, 1, 0]);
});
