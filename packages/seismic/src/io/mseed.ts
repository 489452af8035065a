/**
 * miniSEED 2 and 3 ⇄ `Trace` through seisplotjs (record parsing, decoding, encoding), and record
 * headers with their byte positions, for reading a long archive a piece at a time.
 */
import { open, readFile, writeFile } from 'node:fs/promises';
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

/** The bytes as an ArrayBuffer of their own: the view's buffer when the view covers all of it (a file read whole), else a copy. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer as ArrayBuffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

type Seisplotjs = Awaited<ReturnType<typeof loadSeisplotjs>>;

/** What identifies a record's samples: its channel, first sample time and rate. */
type RecordId = Omit<ChannelSegment, 'samples'>;

/** The id of a miniSEED 3 record from its header (the source id is an FDSN URN there). */
function idOfV3(sp: Seisplotjs, h: InstanceType<Seisplotjs['mseed3']['MSeed3Header']>): RecordId {
  const id = sp.fdsnsourceid.FDSNSourceId.parse(h.identifier);
  return {
    network: id.networkCode,
    station: id.stationCode,
    location: id.locationCode,
    channel: `${id.bandCode}${id.sourceCode}${id.subsourceCode}`,
    startTime: h.start.toMillis(),
    sampleRate: h.sampleRate,
  };
}

/** The id of a miniSEED 2 record from its fixed header (codes are space-padded there). */
function idOfV2(h: InstanceType<Seisplotjs['miniseed']['DataHeader']>): RecordId {
  return {
    network: h.netCode.trim(),
    station: h.staCode.trim(),
    location: h.locCode.trim(),
    channel: h.chanCode.trim(),
    startTime: h.startTime.toMillis(),
    sampleRate: h.sampleRate,
  };
}

function badMiniSeed(e: unknown): SeismicError {
  return new SeismicError('QF_ERR_BAD_MSEED', `cannot parse miniSEED: ${(e as Error).message}`);
}

/** Decodes every record of a miniSEED 2 or 3 byte stream (format detected) into segments. */
export async function decodeMiniSeed(bytes: Uint8Array): Promise<ChannelSegment[]> {
  const sp = await loadSeisplotjs();
  const buf = toArrayBuffer(bytes);
  try {
    if (isMiniSeed3(bytes)) {
      return sp.mseed3.parseMSeed3Records(buf).map((r) => ({
        ...idOfV3(sp, r.header),
        samples: Float32Array.from(sp.mseed3.createSeismogramSegment(r).y),
      }));
    }
    return sp.miniseed.parseDataRecords(buf).map((r) => ({
      ...idOfV2(r.header),
      samples: Float32Array.from(sp.miniseed.createSeismogramSegment(r).y),
    }));
  } catch (e) {
    throw badMiniSeed(e);
  }
}

/** Where one miniSEED record lies in a byte stream, and what its header says (samples not decoded). */
export interface MiniSeedRecordHeader extends RecordId {
  /** Number of samples the header announces. */
  sampleCount: number;
  /** Position and size of the whole record in the scanned bytes. */
  byteOffset: number;
  byteLength: number;
}

/** The miniSEED 3 record at `offset`, from its header alone (seisplotjs' record parser copies the data). */
function headerV3(sp: Seisplotjs, buf: ArrayBuffer, offset: number): MiniSeedRecordHeader {
  const h = sp.mseed3.MSeed3Header.createFromDataView(new DataView(buf, offset));
  return { ...idOfV3(sp, h), sampleCount: h.numSamples, byteOffset: offset, byteLength: h.getSize() + h.extraHeadersLength + h.dataLength };
}

/** The miniSEED 2 record at `offset`, from its header and blockettes. */
function headerV2(sp: Seisplotjs, buf: ArrayBuffer, offset: number): MiniSeedRecordHeader {
  const h = sp.miniseed.parseSingleDataRecordHeader(new DataView(buf, offset));
  return { ...idOfV2(h), sampleCount: h.numSamples, byteOffset: offset, byteLength: h.recordSize };
}

/**
 * Reads the header of every record of a miniSEED 2 or 3 byte stream (format detected), neither
 * decoding nor copying samples. With the byte positions, a reader can find where data lie first and
 * later read and decode ({@link decodeMiniSeed}) only the records it needs, a few at a time.
 *
 * With `partial`, `bytes` is a piece of a longer stream that starts at a record: the scan stops without
 * error at a record the piece cuts off (not the first one), and the caller reads on from the end of the
 * last record returned. A file can so be scanned in pieces of bounded size.
 */
export async function scanMiniSeedHeaders(bytes: Uint8Array, options: { partial?: boolean } = {}): Promise<MiniSeedRecordHeader[]> {
  const sp = await loadSeisplotjs();
  const buf = toArrayBuffer(bytes);
  const parse = isMiniSeed3(bytes) ? headerV3 : headerV2;
  const out: MiniSeedRecordHeader[] = [];
  for (let offset = 0; offset < buf.byteLength; ) {
    let header: MiniSeedRecordHeader;
    try {
      header = parse(sp, buf, offset);
      if (offset + header.byteLength > buf.byteLength) throw new Error(`record at byte ${offset} runs past the end of the data`);
    } catch (e) {
      if (options.partial && offset > 0) break;
      throw badMiniSeed(e);
    }
    out.push(header);
    offset += header.byteLength;
  }
  return out;
}

/**
 * The record headers of a miniSEED file (see {@link scanMiniSeedHeaders}), read `pieceBytes` at a time
 * so that the file is never held whole; byte positions are the file's.
 */
export async function scanMiniSeedFile(path: string, pieceBytes: number = MSEED_DEFAULTS.scanPieceBytes): Promise<MiniSeedRecordHeader[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const out: MiniSeedRecordHeader[] = [];
    for (let offset = 0; offset < size; ) {
      const piece = new Uint8Array(Math.min(pieceBytes, size - offset));
      const { bytesRead } = await file.read(piece, 0, piece.length, offset);
      if (bytesRead === 0) break; // the file shrank since stat(): what was there has been scanned
      const headers = await scanMiniSeedHeaders(piece.subarray(0, bytesRead), { partial: offset + bytesRead < size });
      for (const h of headers) h.byteOffset += offset;
      out.push(...headers);
      const last = headers[headers.length - 1]!;
      offset = last.byteOffset + last.byteLength;
    }
    return out;
  } finally {
    await file.close();
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
