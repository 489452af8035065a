import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../random.js';
import { assembleTraces, type ChannelSegment } from './merge.js';

const RATE_HZ = 100;
const RECORDS = 3000;
const SAMPLES_PER_RECORD = 7;
const T0 = Date.UTC(2024, 0, 1);

/** One channel's whole stream, seeded, as the reference the records are cut from. */
function stream(seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: RECORDS * SAMPLES_PER_RECORD }, () => rng.normal());
}

/** `data` cut into records of SAMPLES_PER_RECORD samples of `channel`, all of them but `dropped`. */
function records(channel: string, data: Float32Array, dropped: number): ChannelSegment[] {
  const out: ChannelSegment[] = [];
  for (let i = 0; i < RECORDS; i++) {
    if (i === dropped) continue;
    const from = i * SAMPLES_PER_RECORD;
    out.push({
      network: 'XX',
      station: 'LNG',
      location: '00',
      channel,
      startTime: T0 + (from * 1000) / RATE_HZ,
      sampleRate: RATE_HZ,
      samples: data.subarray(from, from + SAMPLES_PER_RECORD),
    });
  }
  return out;
}

test('thousands of shuffled small records per channel assemble to the stream they were cut from', () => {
  const channels = ['HHZ', 'HHN', 'HHE'];
  const streams = channels.map((_, c) => stream(10 + c));
  const dropped = 1234; // one record missing on Z only: a gap of the trace, zeros on Z
  const segments = channels.flatMap((channel, c) => records(channel, streams[c]!, c === 0 ? dropped : -1));
  const rng = createRng(7);
  for (let i = segments.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [segments[i], segments[j]] = [segments[j]!, segments[i]!];
  }

  const [trace, ...others] = assembleTraces(segments, { gapFill: 'zero' });

  assert.deepEqual(others, []);
  assert.deepEqual(trace!.channels, channels);
  assert.equal(trace!.startTime, T0);
  assert.equal(trace!.sampleRate, RATE_HZ);
  const gapFrom = dropped * SAMPLES_PER_RECORD;
  const gapTo = gapFrom + SAMPLES_PER_RECORD;
  assert.deepEqual(trace!.gaps, [
    { startTime: T0 + (gapFrom * 1000) / RATE_HZ, endTime: T0 + (gapTo * 1000) / RATE_HZ },
  ]);
  const expectedZ = Float32Array.from(streams[0]!);
  expectedZ.fill(0, gapFrom, gapTo);
  assert.deepEqual(trace!.data, [expectedZ, streams[1], streams[2]]);
});
