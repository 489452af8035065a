/** miniSEED 2 and 3 ⇄ `Trace`, through seisplotjs for record parsing, decoding and encoding. */
import { readFile, writeFile } from 'node:fs/promises';
import { MSEED_DEFAULTS } from '../defaults.js';
import { SeismicError } from '../errors.js';
import type { Trace } from '../types.js';
import { assembleTraces, type ChannelSegment } from './merge.js';
import { loadSeisplotjs } from './seisplotjs.js';

/** Options of the readers; defaults in `MSEED_DEFAULTS`. */
export interface ReadMiniSeedOptions {
  gapFill?: 'interpolate' | 'zero';
  /** Resample to this rate (e.g. the model's 100 Hz). */
  sampleRate?: number;
}

/**
 * miniSEED 3 records start with "MS" and format version 3; miniSEED 2 records with a 6-digit sequence
 * number. (seisplotjs' own `mightBeMSeed3Records` rejects records that start in hour 0.)
 */
function isMiniSeed3(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 77 && bytes[1] === 83 && bytes[2] === 3;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Decodes every record of a miniSEED 2 or 3 byte stream (format detected) into segments. */
export async function decodeMiniSeed(bytes: Uint8Array): Promise<ChannelSegment[]> {
  const sp = await loadSeisplotjs();
  const buf = toArrayBuffer(bytes);
  try {
    if (isMiniSeed3(bytes)) {
      return sp.mseed3.parseMSeed3Records(buf).map((r) => {
        const seg = sp.mseed3.createSeismogramSegment(r);
        const id = seg.sourceId;
        return {
          network: id.networkCode,
          station: id.stationCode,
          location: id.locationCode,
          channel: `${id.bandCode}${id.sourceCode}${id.subsourceCode}`,
          startTime: seg.startTime.toMillis(),
          sampleRate: seg.sampleRate,
          samples: Float32Array.from(seg.y),
        };
      });
    }
    return sp.miniseed.parseDataRecords(buf).map((r) => {
      const h = r.header;
      const seg = sp.miniseed.createSeismogramSegment(r);
      return {
        network: h.netCode.trim(),
        station: h.staCode.trim(),
        location: h.locCode.trim(),
        channel: h.chanCode.trim(),
        startTime: h.startTime.toMillis(),
        sampleRate: h.sampleRate,
        samples: Float32Array.from(seg.y),
      };
    });
  } catch (e) {
    throw new SeismicError('QF_ERR_BAD_MSEED', `cannot parse miniSEED: ${(e as Error).message}`);
  }
}

/** Reads miniSEED 2 or 3 bytes into one trace per station/band (see io/merge.ts for the policies). */
export async function readMiniSeed(bytes: Uint8Array, options: ReadMiniSeedOptions = {}): Promise<Trace[]> {
  const segments = await decodeMiniSeed(bytes);
  if (segments.length === 0) throw new SeismicError('QF_ERR_BAD_MSEED', 'no miniSEED records found');
  return assembleTraces(segments, options);
}

/** Reads a miniSEED 2 or 3 file. */
export async function readMiniSeedFile(path: string, options: ReadMiniSeedOptions = {}): Promise<Trace[]> {
  return readMiniSeed(new Uint8Array(await readFile(path)), options);
}

/** Index runs [from, to) of a trace not covered by its gaps. */
function dataRuns(trace: Trace, n: number): Array<[number, number]> {
  const dt = 1000 / trace.sampleRate;
  const runs: Array<[number, number]> = [];
  let cursor = 0;
  for (const g of [...trace.gaps].sort((a, b) => a.startTime - b.startTime)) {
    const from = Math.max(0, Math.round((g.startTime - trace.startTime) / dt));
    const to = Math.min(n, Math.round((g.endTime - trace.startTime) / dt));
    if (from > cursor) runs.push([cursor, from]);
    cursor = Math.max(cursor, to);
  }
  if (cursor < n) runs.push([cursor, n]);
  return runs;
}

/**
 * Encodes a trace as miniSEED 3 (float32 samples, `recordSamples` per record, CRC-32C per record).
 * Gap spans are not written, so reading the bytes back reproduces the gaps.
 */
export async function writeMiniSeed(trace: Trace, options: { recordSamples?: number } = {}): Promise<Uint8Array> {
  const o = { ...MSEED_DEFAULTS, ...options };
  const sp = await loadSeisplotjs();
  const chunks: Uint8Array[] = [];
  trace.channels.forEach((channel, c) => {
    const data = trace.data[c]!;
    const sid = sp.fdsnsourceid.FDSNSourceId.fromNslc(trace.network, trace.station, trace.location, channel);
    for (const [from, to] of dataRuns(trace, data.length)) {
      for (let at = from; at < to; at += o.recordSamples) {
        const y = data.slice(at, Math.min(to, at + o.recordSamples)); // own buffer: encoded whole
        const start = sp.luxon.DateTime.fromMillis(trace.startTime + (at * 1000) / trace.sampleRate, { zone: 'utc' });
        const seg = new sp.seismogramsegment.SeismogramSegment(y, trace.sampleRate, start, sid);
        for (const rec of sp.mseed3.toMSeed3(new sp.seismogram.Seismogram([seg]))) {
          const out = new ArrayBuffer(rec.calcSize());
          rec.save(new DataView(out)); // CRC is computed over the whole buffer: one record per buffer
          chunks.push(new Uint8Array(out));
        }
      }
    }
  });
  const total = chunks.reduce((s, b) => s + b.length, 0);
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const b of chunks) {
    bytes.set(b, off);
    off += b.length;
  }
  return bytes;
}

/** Writes a trace to a miniSEED 3 file. */
export async function writeMiniSeedFile(trace: Trace, path: string, options: { recordSamples?: number } = {}): Promise<void> {
  await writeFile(path, await writeMiniSeed(trace, options));
}
