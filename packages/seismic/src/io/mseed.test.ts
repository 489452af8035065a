import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import {
  decodeMiniSeed,
  readMiniSeed,
  readMiniSeedFile,
  scanMiniSeedFile,
  scanMiniSeedHeaders,
  writeMiniSeed,
} from './mseed.js';
import { assembleTraces } from './merge.js';
import { makeStationProfile } from '../synth/profile.js';
import { synthesizeStream } from '../synth/stream.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../../data/real/${name}`, import.meta.url));

test('miniSEED 2 fixture CO_JSC.mseed parses: CO.JSC.00.HHZ, 100 Hz, 30 s from 2016-09-21 13:48', async () => {
  const traces = await readMiniSeedFile(fixture('CO_JSC.mseed'));
  assert.equal(traces.length, 1);
  const t = traces[0]!;
  assert.deepEqual([t.network, t.station, t.location, t.channels], ['CO', 'JSC', '00', ['HHZ']]);
  assert.equal(t.sampleRate, 100);
  assert.equal(t.data[0]!.length, 3000);
  assert.equal(new Date(t.startTime).toISOString(), '2016-09-21T13:48:00.008Z');
  assert.deepEqual(t.gaps, []);
});

test('miniSEED 3 fixture bird_jsc.ms3 parses: CO.BIRD and CO.JSC, HH[ZNE], 100 Hz, 30 s from 11:30:00', async () => {
  const traces = await readMiniSeedFile(fixture('bird_jsc.ms3'));
  assert.deepEqual(
    traces.map((t) => `${t.network}.${t.station}.${t.location}`),
    ['CO.BIRD.00', 'CO.JSC.00'],
  );
  for (const t of traces) {
    assert.deepEqual(t.channels, ['HHZ', 'HHN', 'HHE']);
    assert.equal(t.sampleRate, 100);
    for (const d of t.data) assert.equal(d.length, 3000);
    assert.ok(Math.abs(t.startTime - Date.UTC(2024, 1, 6, 11, 30)) < 20, new Date(t.startTime).toISOString());
    assert.deepEqual(t.gaps, []);
  }
});

test('a written miniSEED 3 stream reads back identically (codes, start, rate, samples)', async () => {
  const { trace } = synthesizeStream(makeStationProfile(), {
    startTime: Date.UTC(2024, 0, 1, 5),
    durationSeconds: 120,
    seed: 1,
  });
  const back = await readMiniSeed(await writeMiniSeed(trace));
  assert.equal(back.length, 1);
  const b = back[0]!;
  assert.deepEqual(
    [b.network, b.station, b.location, b.channels],
    [trace.network, trace.station, trace.location, trace.channels],
  );
  assert.equal(b.startTime, trace.startTime);
  assert.equal(b.sampleRate, trace.sampleRate);
  b.data.forEach((d, c) => assert.deepEqual(d, trace.data[c]));
});

test('scanned headers say where each record lies and what it holds, as decoding finds (miniSEED 2 and 3)', async () => {
  for (const name of ['CO_JSC.mseed', 'bird_jsc.ms3']) {
    const bytes = new Uint8Array(await readFile(fixture(name)));
    const headers = await scanMiniSeedHeaders(bytes);
    const segments = await decodeMiniSeed(bytes);
    assert.ok(headers.length > 1, name);
    assert.deepEqual(
      headers.map(({ network, station, location, channel, startTime, sampleRate, sampleCount }) => [
        network,
        station,
        location,
        channel,
        startTime,
        sampleRate,
        sampleCount,
      ]),
      segments.map((s) => [s.network, s.station, s.location, s.channel, s.startTime, s.sampleRate, s.samples.length]),
      name,
    );
    const last = headers[headers.length - 1]!;
    assert.equal(last.byteOffset + last.byteLength, bytes.length, name);
    // One record's bytes, cut out by its position, decode to that record alone.
    const second = headers[1]!;
    const alone = await decodeMiniSeed(bytes.subarray(second.byteOffset, second.byteOffset + second.byteLength));
    assert.deepEqual(alone, [segments[1]], name);
  }
});

test('a file scanned in pieces smaller than itself gives the headers of the whole; a cut-off record is an error', async () => {
  for (const name of ['CO_JSC.mseed', 'bird_jsc.ms3']) {
    const bytes = new Uint8Array(await readFile(fixture(name)));
    const whole = await scanMiniSeedHeaders(bytes);
    // Pieces of 2.5 records: most pieces cut a record, which the next piece starts with.
    const piece = Math.ceil(2.5 * Math.max(...whole.map((h) => h.byteLength)));
    assert.ok(piece < bytes.length, name);
    assert.deepEqual(await scanMiniSeedFile(fixture(name), piece), whole, name);
    await assert.rejects(scanMiniSeedHeaders(bytes.subarray(0, bytes.length - 1)), { code: 'QF_ERR_BAD_MSEED' }, name);
  }
});

test('a gap between records is recorded and filled by interpolation; channel length is kept', async () => {
  const segments = await decodeMiniSeed(new Uint8Array(await readFile(fixture('CO_JSC.mseed'))));
  const dropped = segments[5]!;
  const traces = assembleTraces(segments.filter((s) => s !== dropped));
  const t = traces[0]!;
  assert.equal(t.data[0]!.length, 3000);
  assert.equal(t.gaps.length, 1);
  assert.equal(t.gaps[0]!.startTime, dropped.startTime);
  assert.equal(t.gaps[0]!.endTime, dropped.startTime + (dropped.samples.length * 1000) / 100);
  const at = Math.round((dropped.startTime - t.startTime) / 10);
  const [left, right] = [t.data[0]![at - 1]!, t.data[0]![at + dropped.samples.length]!];
  const mid = t.data[0]![at + Math.floor(dropped.samples.length / 2)]!;
  assert.ok(mid >= Math.min(left, right) - 1e-3 && mid <= Math.max(left, right) + 1e-3);
});

test('gaps survive a write/read round trip (stream starting at 00:00 UTC)', async () => {
  const t0 = Date.UTC(2024, 0, 1);
  const { trace } = synthesizeStream(makeStationProfile({ components: 1 }), {
    startTime: t0,
    durationSeconds: 60,
    seed: 2,
  });
  const gap = { startTime: t0 + 20_000, endTime: t0 + 25_000 };
  const back = (await readMiniSeed(await writeMiniSeed({ ...trace, gaps: [gap] })))[0]!;
  assert.deepEqual(back.gaps, [gap]);
  assert.deepEqual(back.data[0]!.subarray(0, 2000), trace.data[0]!.subarray(0, 2000));
});

test('channels coded 1/2 are ordered as N/E, and traces can be resampled to the model rate', async () => {
  const seg = (channel: string, value: number) => ({
    network: 'XX',
    station: 'ST',
    location: '',
    channel,
    startTime: 0,
    sampleRate: 50,
    samples: new Float32Array(500).fill(value),
  });
  const [t] = assembleTraces([seg('HH2', 2), seg('HHZ', 0), seg('HH1', 1)], { sampleRate: 100 });
  assert.deepEqual(t!.channels, ['HHZ', 'HH1', 'HH2']);
  assert.equal(t!.sampleRate, 100);
  assert.equal(t!.data[0]!.length, 999);
  assert.ok(Math.abs(t!.data[2]![500]! - 2) < 1e-5);
});

test('garbage bytes are rejected with QF_ERR_BAD_MSEED', async () => {
  await assert.rejects(readMiniSeed(new Uint8Array(100).fill(7)), { code: 'QF_ERR_BAD_MSEED' });
});
