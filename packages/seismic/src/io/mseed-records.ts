/**
 * Walking the records of a miniSEED 2 or 3 byte stream one at a time, each header checked before its
 * samples are trusted. A file from a gateway's disk or an operator's hand may be truncated, corrupt or
 * hostile: every failure here becomes `QF_ERR_BAD_MSEED` naming the source, the record and its byte
 * position, never a RangeError from deep inside the parser.
 */
import { MSEED_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import type { ChannelSegment } from './merge.js';
import type { loadSeisplotjs } from './seisplotjs.js';

export type Seisplotjs = Awaited<ReturnType<typeof loadSeisplotjs>>;

/** What identifies a record's samples: its channel, first sample time and rate. */
export type RecordId = Omit<ChannelSegment, 'samples'>;

/** Where one miniSEED record lies in a byte stream, and what its header says (samples not decoded). */
export interface MiniSeedRecordHeader extends RecordId {
  /** Number of samples the header announces. */
  sampleCount: number;
  /** Position and size of the whole record in the scanned bytes. */
  byteOffset: number;
  byteLength: number;
}

/** How records are walked; every field optional. */
export interface RecordWalkOptions {
  /** Names the bytes in errors (a file's path); default 'miniSEED data'. */
  source?: string;
  /**
   * Salvage: when given, a bad record after at least one good one ends the walk without throwing; the
   * good records are kept and the error (naming the bad record) is passed here, so a truncated or
   * damaged file still yields its intact start and the loss is reported. Without it the error is thrown.
   */
  onBadRecord?: (error: SeismicError) => void;
}

/**
 * miniSEED 3 records start with "MS" and format version 3; miniSEED 2 records with a 6-digit sequence
 * number. (seisplotjs' own `mightBeMSeed3Records` rejects records that start in hour 0.)
 */
export function isMiniSeed3(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 77 && bytes[1] === 83 && bytes[2] === 3;
}

/** The error for record `index` at `byteOffset` of `source`. */
export function badRecord(source: string, index: number, byteOffset: number, reason: unknown): SeismicError {
  const message = reason instanceof Error ? reason.message : String(reason);
  return new SeismicError(SEISMIC_ERROR_CODES.badMseed, `${source}: record ${index} at byte ${byteOffset}: ${message}`);
}

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

/** The miniSEED 3 record at `offset`, from its header alone (seisplotjs' record parser copies the data). */
function headerV3(sp: Seisplotjs, buf: ArrayBuffer, offset: number): MiniSeedRecordHeader {
  const h = sp.mseed3.MSeed3Header.createFromDataView(new DataView(buf, offset));
  return {
    ...idOfV3(sp, h),
    sampleCount: h.numSamples,
    byteOffset: offset,
    byteLength: h.getSize() + h.extraHeadersLength + h.dataLength,
  };
}

/** The miniSEED 2 record at `offset`, from its header and blockettes. */
function headerV2(sp: Seisplotjs, buf: ArrayBuffer, offset: number): MiniSeedRecordHeader {
  const h = sp.miniseed.parseSingleDataRecordHeader(new DataView(buf, offset));
  return { ...idOfV2(h), sampleCount: h.numSamples, byteOffset: offset, byteLength: h.recordSize };
}

/**
 * Steim-2 packs at most 7 samples in 4 bytes; no encoding packs 2 per byte. A header announcing more
 * would have the decoder allocate for samples the record cannot hold.
 */
const MAX_SAMPLES_PER_BYTE = 2;

/** Why `h` cannot be trusted, or undefined when it can (rate, start time, sizes). */
function headerProblem(h: MiniSeedRecordHeader): string | undefined {
  const o = MSEED_DEFAULTS;
  if (!(h.sampleRate >= o.minSampleRateHz && h.sampleRate <= o.maxSampleRateHz)) {
    return `sample rate ${h.sampleRate} Hz outside ${o.minSampleRateHz}–${o.maxSampleRateHz} Hz`;
  }
  if (!(h.startTime >= o.earliestTime && h.startTime < o.latestTime)) {
    return `start time ${Number.isFinite(h.startTime) ? new Date(h.startTime).toISOString() : 'invalid'} outside 1900–2100`;
  }
  if (!(Number.isInteger(h.byteLength) && h.byteLength > 0)) return `record length ${h.byteLength} bytes`;
  if (
    !(Number.isInteger(h.sampleCount) && h.sampleCount >= 0 && h.sampleCount <= MAX_SAMPLES_PER_BYTE * h.byteLength)
  ) {
    return `${h.sampleCount} samples announced in ${h.byteLength} bytes`;
  }
  return undefined;
}

/** The walk of one piece of a stream: its good records, and why it stopped early if it did. */
export interface RecordWalk {
  headers: MiniSeedRecordHeader[];
  /** The first bad record's error (undefined when every record was good). */
  error?: SeismicError;
  /** True when the walk stopped at a record that runs past the end of the piece. */
  cut: boolean;
}

/**
 * Reads the checked header of every record in `buf` from its start, stopping at the first bad one.
 * `position` places the piece in its stream (byte offset and index of its first record) so that errors
 * and headers name positions in the stream, not in the piece.
 */
export function walkRecordHeaders(
  sp: Seisplotjs,
  buf: ArrayBuffer,
  v3: boolean,
  source: string,
  position: { byteOffset: number; index: number } = { byteOffset: 0, index: 0 },
): RecordWalk {
  const parse = v3 ? headerV3 : headerV2;
  const headers: MiniSeedRecordHeader[] = [];
  for (let offset = 0; offset < buf.byteLength; ) {
    const at = position.byteOffset + offset;
    const index = position.index + headers.length;
    let header: MiniSeedRecordHeader;
    try {
      header = parse(sp, buf, offset);
    } catch (e) {
      // Reading past the end of the bytes (a RangeError from a DataView) is a record the piece cuts off.
      return { headers, error: badRecord(source, index, at, e), cut: e instanceof RangeError };
    }
    const problem = headerProblem(header);
    if (problem) return { headers, error: badRecord(source, index, at, problem), cut: false };
    if (offset + header.byteLength > buf.byteLength) {
      return {
        headers,
        error: badRecord(source, index, at, `record of ${header.byteLength} bytes runs past the end of the data`),
        cut: true,
      };
    }
    headers.push({ ...header, byteOffset: at });
    offset += header.byteLength;
  }
  return { headers, cut: false };
}

/**
 * The samples of the record `header` describes, `buf` holding it at `header.byteOffset − base`.
 * @throws Error (the parser's, or 'non-finite sample') for the caller to wrap with {@link badRecord}
 */
export function decodeRecord(
  sp: Seisplotjs,
  buf: ArrayBuffer,
  v3: boolean,
  header: MiniSeedRecordHeader,
  base: number,
): Float32Array {
  const view = new DataView(buf, header.byteOffset - base, header.byteLength);
  const y = v3
    ? sp.mseed3.createSeismogramSegment(sp.mseed3.MSeed3Record.parseSingleDataRecord(view)).y
    : sp.miniseed.createSeismogramSegment(sp.miniseed.parseSingleDataRecord(view)).y;
  const samples = Float32Array.from(y);
  for (const v of samples) if (!Number.isFinite(v)) throw new Error('non-finite sample');
  return samples;
}
