/**
 * miniSEED 2 and 3 ⇄ `Trace` through seisplotjs (record parsing, decoding, encoding), and record
 * headers with their byte positions, for reading a long archive a piece at a time.
 */
import { open, readFile, writeFile } from 'node:fs/promises';
import { MSEED_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import type { Trace } from '../types.js';
import { assembleTraces, type ChannelSegment } from './merge.js';
import {
  badRecord,
  decodeRecord,
  isMiniSeed3,
  walkRecordHeaders,
  type MiniSeedRecordHeader,
  type RecordWalkOptions,
} from './mseed-records.js';
import { loadSeisplotjs } from './seisplotjs.js';

export type { MiniSeedRecordHeader, RecordWalkOptions } from './mseed-records.js';

/** Options of the readers; defaults in `MSEED_DEFAULTS`. */
export interface ReadMiniSeedOptions extends RecordWalkOptions {
  gapFill?: 'interpolate' | 'zero';
  /** Resample to this rate (e.g. the model's 100 Hz). */
  sampleRate?: number;
  /** Longest gap filled, seconds; a longer one splits the trace. */
  maxGapFillSeconds?: number;
}

/** The bytes as an ArrayBuffer of their own: the view's buffer when the view covers all of it (a file read whole), else a copy. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer as ArrayBuffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const DEFAULT_SOURCE = 'miniSEED data';

/**
 * The good records of a walk: all of them, or, when the walk stopped at a bad record after a good one
 * and the caller salvages (`onBadRecord`), those before it (the error reported there).
 * @throws SeismicError QF_ERR_BAD_MSEED naming the bad record otherwise
 */
function keepGood<T>(good: T[], error: SeismicError | undefined, options: RecordWalkOptions): T[] {
  if (!error) return good;
  if (good.length === 0 || !options.onBadRecord) throw error;
  options.onBadRecord(error);
  return good;
}

/**
 * Decodes every record of a miniSEED 2 or 3 byte stream (format detected) into segments, each header
 * checked first (sample rate, start time, sizes; see `MSEED_DEFAULTS`) and the samples checked finite.
 * @throws SeismicError QF_ERR_BAD_MSEED naming the source and the first bad record (unless salvaged)
 */
export async function decodeMiniSeed(bytes: Uint8Array, options: RecordWalkOptions = {}): Promise<ChannelSegment[]> {
  const sp = await loadSeisplotjs();
  const source = options.source ?? DEFAULT_SOURCE;
  const buf = toArrayBuffer(bytes);
  const v3 = isMiniSeed3(bytes);
  const walk = walkRecordHeaders(sp, buf, v3, source);
  const segments: ChannelSegment[] = [];
  let error = walk.error;
  for (const [index, header] of walk.headers.entries()) {
    try {
      const { network, station, location, channel, startTime, sampleRate } = header;
      segments.push({
        network,
        station,
        location,
        channel,
        startTime,
        sampleRate,
        samples: decodeRecord(sp, buf, v3, header, 0),
      });
    } catch (e) {
      error = badRecord(source, index, header.byteOffset, e);
      break;
    }
  }
  return keepGood(segments, error, options);
}

/**
 * Reads the header of every record of a miniSEED 2 or 3 byte stream (format detected), neither
 * decoding nor copying samples, each checked as {@link decodeMiniSeed} does. With the byte positions, a
 * reader can find where data lie first and later read and decode only the records it needs.
 *
 * With `partial`, `bytes` is a piece of a longer stream that starts at a record: the scan stops without
 * error at a record the piece cuts off (not the first one), and the caller reads on from the end of the
 * last record returned. A file can so be scanned in pieces of bounded size.
 */
export async function scanMiniSeedHeaders(
  bytes: Uint8Array,
  options: RecordWalkOptions & { partial?: boolean } = {},
): Promise<MiniSeedRecordHeader[]> {
  const sp = await loadSeisplotjs();
  const walk = walkRecordHeaders(sp, toArrayBuffer(bytes), isMiniSeed3(bytes), options.source ?? DEFAULT_SOURCE);
  if (options.partial && walk.cut && walk.headers.length > 0) return walk.headers;
  return keepGood(walk.headers, walk.error, options);
}

/**
 * The record headers of a miniSEED file (see {@link scanMiniSeedHeaders}), read `pieceBytes` at a time
 * so that the file is never held whole; byte positions are the file's, errors name the file.
 */
export async function scanMiniSeedFile(
  path: string,
  pieceBytes: number = MSEED_DEFAULTS.scanPieceBytes,
  options: Omit<RecordWalkOptions, 'source'> = {},
): Promise<MiniSeedRecordHeader[]> {
  const sp = await loadSeisplotjs();
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const out: MiniSeedRecordHeader[] = [];
    let v3: boolean | undefined; // the format of the first record is the file's
    for (let offset = 0; offset < size; ) {
      const piece = new Uint8Array(Math.min(pieceBytes, size - offset));
      const { bytesRead } = await file.read(piece, 0, piece.length, offset);
      if (bytesRead === 0) break; // the file shrank since stat(): what was there has been scanned
      v3 ??= isMiniSeed3(piece);
      const walk = walkRecordHeaders(sp, toArrayBuffer(piece.subarray(0, bytesRead)), v3, path, {
        byteOffset: offset,
        index: out.length,
      });
      out.push(...walk.headers);
      const fileGoesOn = offset + bytesRead < size;
      // A record cut by the piece's end is read whole with the next piece.
      if (walk.error && !(walk.cut && fileGoesOn && walk.headers.length > 0)) return keepGood(out, walk.error, options);
      const last = out[out.length - 1]!;
      offset = last.byteOffset + last.byteLength;
    }
    return out;
  } finally {
    await file.close();
  }
}

/**
 * Reads miniSEED 2 or 3 bytes into one trace per station/band and stretch without long gaps (see
 * io/merge.ts for the policies).
 * @throws SeismicError QF_ERR_BAD_MSEED naming the source and record (see {@link decodeMiniSeed})
 */
export async function readMiniSeed(bytes: Uint8Array, options: ReadMiniSeedOptions = {}): Promise<Trace[]> {
  const segments = await decodeMiniSeed(bytes, options);
  if (segments.length === 0)
    throw new SeismicError(
      SEISMIC_ERROR_CODES.badMseed,
      `${options.source ?? DEFAULT_SOURCE}: no miniSEED records found`,
    );
  return assembleTraces(segments, options);
}

/** Reads a miniSEED 2 or 3 file; errors name it. */
export async function readMiniSeedFile(
  path: string,
  options: Omit<ReadMiniSeedOptions, 'source'> = {},
): Promise<Trace[]> {
  return readMiniSeed(new Uint8Array(await readFile(path)), { ...options, source: path });
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
export async function writeMiniSeedFile(
  trace: Trace,
  path: string,
  options: { recordSamples?: number } = {},
): Promise<void> {
  await writeFile(path, await writeMiniSeed(trace, options));
}
