import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyWindow, type Trace } from '@quakefed/seismic';
import { interleaveWindows, windowStartSamples } from './windows.js';

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

test('window starts can keep to a grid that began before the trace', () => {
  assert.deepEqual([...windowStartSamples(trace(50), 20, 10, 7)], [7, 17, 27]);
});

test('windows touching a gap are skipped', () => {
  // Gap over samples [25, 30) (2.5 s to 3 s at 10 Hz).
  const t = trace(80, ['HHZ'], [{ startTime: 2500, endTime: 3000 }]);
  assert.deepEqual([...windowStartSamples(t, 20, 10)], [0, 30, 40, 50, 60]);
});

test('interleaved windows equal the seismic package copyWindow, for 3-component and Z-only traces', () => {
  for (const channels of [['HHZ', 'HHN', 'HHE'], ['HHZ']]) {
    const t = trace(40, channels);
    const starts = Int32Array.from([0, 7, 20]);
    const fast = new Float32Array(3 * 10 * 3).fill(Number.NaN);
    interleaveWindows(t.data, starts, 0, 3, 10, 3, fast);
    const reference = new Float32Array(3 * 10 * 3);
    starts.forEach((s, k) => copyWindow(t, s, 10, reference, k, 3, 'zeros'));
    assert.deepEqual(fast, reference);
  }
});
