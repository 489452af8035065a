/**
 * Hostile and damaged miniSEED: every problem is QF_ERR_BAD_MSEED naming the source and the record
 * (never a RangeError or an allocation the size of the declared nonsense), and the intact start of a
 * truncated file can be salvaged with the loss reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeismicError } from '../errors.js';
import { assembleTraces } from './merge.js';
import { decodeMiniSeed, readMiniSeed, readMiniSeedFile, scanMiniSeedFile, writeMiniSeed } from './mseed.js';

const fixture = fileURLToPath(new URL('../../../../data/real/CO_JSC.mseed', import.meta.url));
/** CO_JSC.mseed: 14 miniSEED 2 records of 512 bytes, 3000 samples at 100 Hz from day 265 of 2016. */
const RECORD_BYTES = 512;
/** miniSEED 2 fixed header: day of year (u16, big-endian) at byte 22. */
const V2_DAY_OF_YEAR = 22;
/** miniSEED 3 fixed header: sample rate (f64, little-endian) at byte 16. */
const V3_SAMPLE_RATE = 16;

async function jsc(edit: (view: DataView) => void = () => {}): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(fixture));
  edit(new DataView(bytes.buffer));
  return bytes;
}

/** A one-record miniSEED 3 stream of 500 samples at 100 Hz, `samples` edited as given. */
async function v3Record(edit: (samples: Float32Array) => void = () => {}): Promise<Uint8Array> {
  const samples = Float32Array.from({ length: 500 }, (_, i) => Math.sin(i / 10));
  edit(samples);
  return writeMiniSeed({
    network: 'XX',
    station: 'HOS',
    location: '',
    channels: ['HHZ'],
    startTime: Date.UTC(2024, 0, 1),
    sampleRate: 100,
    data: [samples],
    gaps: [],
  });
}

test('day of year 566 is QF_ERR_BAD_MSEED naming the source and the record, in the first record or a later one', async () => {
  await assert.rejects(readMiniSeed(await jsc((v) => v.setUint16(V2_DAY_OF_YEAR, 566)), { source: 'jsc.mseed' }), {
    code: 'QF_ERR_BAD_MSEED',
    message: /^jsc\.mseed: record 0 at byte 0: start time/,
  });
  await assert.rejects(readMiniSeed(await jsc((v) => v.setUint16(3 * RECORD_BYTES + V2_DAY_OF_YEAR, 566))), {
    code: 'QF_ERR_BAD_MSEED',
    message: /record 3 at byte 1536: start time/,
  });
});

test('a file is named in its errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-mseed-'));
  try {
    const path = join(dir, 'bad.mseed');
    writeFileSync(path, await jsc((v) => v.setUint16(V2_DAY_OF_YEAR, 566)));
    await assert.rejects(readMiniSeedFile(path), {
      code: 'QF_ERR_BAD_MSEED',
      message: new RegExp(`^${path}: record 0 at byte 0`),
    });
    await assert.rejects(scanMiniSeedFile(path), {
      code: 'QF_ERR_BAD_MSEED',
      message: new RegExp(`^${path}: record 0 at byte 0`),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sample rates 0, 1e-4 and 30,000 Hz are refused; 0.1 and 1,000 Hz are read', async () => {
  for (const rate of [0, 1e-4, 30_000, -100, Number.NaN]) {
    const bytes = await v3Record();
    new DataView(bytes.buffer).setFloat64(V3_SAMPLE_RATE, rate, true);
    await assert.rejects(
      readMiniSeed(bytes),
      { code: 'QF_ERR_BAD_MSEED', message: /record 0 at byte 0: sample rate/ },
      String(rate),
    );
  }
  for (const rate of [0.1, 1000]) {
    const bytes = await v3Record();
    new DataView(bytes.buffer).setFloat64(V3_SAMPLE_RATE, rate, true);
    assert.equal((await readMiniSeed(bytes))[0]!.sampleRate, rate);
  }
});

test('non-finite samples are refused', async () => {
  await assert.rejects(readMiniSeed(await v3Record((s) => (s[7] = Number.NaN))), {
    code: 'QF_ERR_BAD_MSEED',
    message: /record 0 at byte 0: non-finite sample/,
  });
});

test('one record 30 days off starts a trace of its own instead of 30 days of fill', async () => {
  const bytes = await jsc((v) => v.setUint16(13 * RECORD_BYTES + V2_DAY_OF_YEAR, 265 + 30));
  const traces = await readMiniSeed(bytes);
  assert.deepEqual(
    traces.map((t) => t.data[0]!.length),
    [2796, 204],
  );
  assert.equal(traces[1]!.startTime - traces[0]!.startTime > 29 * 86_400_000, true);
  assert.deepEqual(
    traces.map((t) => t.gaps),
    [[], []],
  );
});

test('a gap up to maxGapFillSeconds is filled and one longer splits the trace', async () => {
  const segments = await decodeMiniSeed(await jsc());
  const last = segments[13]!;
  const moved = (s: number) => segments.slice(0, 13).concat({ ...last, startTime: last.startTime + s * 1000 });
  assert.equal(assembleTraces(moved(60), { maxGapFillSeconds: 60 }).length, 1);
  assert.equal(assembleTraces(moved(61), { maxGapFillSeconds: 60 }).length, 2);
});

test('a truncated stream is an error naming its cut record, or, salvaged, yields its intact records and reports the cut', async () => {
  const cut = (await jsc()).subarray(0, 13 * RECORD_BYTES + 100);
  await assert.rejects(readMiniSeed(cut), {
    code: 'QF_ERR_BAD_MSEED',
    message: /record 13 at byte 6656: .*runs past the end/,
  });
  const reported: SeismicError[] = [];
  const [trace] = await readMiniSeed(cut, { onBadRecord: (e) => reported.push(e) });
  assert.equal(trace!.data[0]!.length, 3000 - 204);
  assert.deepEqual(
    reported.map((e) => [e.code, /record 13 at byte 6656/.test(e.message)]),
    [['QF_ERR_BAD_MSEED', true]],
  );
});

test('a truncated file scanned in pieces keeps every intact record when salvaged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-mseed-'));
  try {
    const path = join(dir, 'cut.mseed');
    writeFileSync(path, (await jsc()).subarray(0, 13 * RECORD_BYTES + 100));
    await assert.rejects(scanMiniSeedFile(path, 3 * RECORD_BYTES), {
      code: 'QF_ERR_BAD_MSEED',
      message: /record 13 at byte 6656/,
    });
    const reported: string[] = [];
    const headers = await scanMiniSeedFile(path, 3 * RECORD_BYTES, { onBadRecord: (e) => reported.push(e.message) });
    assert.equal(headers.length, 13);
    assert.equal(reported.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing intact is not salvaged: a bad first record is thrown even with onBadRecord', async () => {
  await assert.rejects(readMiniSeed(new Uint8Array(100).fill(7), { onBadRecord: () => assert.fail('not reported') }), {
    code: 'QF_ERR_BAD_MSEED',
  });
});
