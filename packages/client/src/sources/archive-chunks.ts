/**
 * Reads one trace group of an indexed archive as a sequence of time chunks, so that the samples in
 * memory at a time are one chunk's, however long the archive.
 *
 * Chunk k owns the window starts in [start + k·chunkMs, start + (k+1)·chunkMs) of the group. Its trace
 * holds the data of that span, plus a window length after it (the last windows it owns end there) and
 * READ_MARGIN_MS on both sides: resampling to the model's rate looks a few samples past each end, so the
 * samples of the windows a chunk owns come out as if the whole archive had been merged and resampled at
 * once (but beside a data gap across a chunk's edge, whose fill, used by no window, can differ).
 *
 * A file's record headers are scanned when the first chunk that needs it comes, and held until the
 * chunks have passed its records; each chunk reads from disk and decodes only the records it
 * overlaps (contiguous ones in one read), trims them to its span, and merges them.
 */
import { open } from 'node:fs/promises';
import {
  assembleTraces,
  decodeMiniSeed,
  traceGroupKey,
  type ChannelSegment,
  type MiniSeedRecordHeader,
  type Trace,
} from '@quakefed/seismic';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
import { readHeaders, recordEnd, type ArchiveGroup } from './archive-index.js';

/**
 * Extra data read before and after a chunk, ms: more than the resampling kernel reaches (8 lobes, i.e.
 * 8 s at a 1 Hz input rate and far less at seismic rates), and small next to an hour's chunk.
 */
export const READ_MARGIN_MS = 10_000;

/** A piece of a group's data and the window starts it owns. */
export interface ArchiveChunk {
  /** The group's data from about `from − READ_MARGIN_MS` to `to + windowMs + READ_MARGIN_MS`, at `sampleRate`. */
  trace: Trace;
  /** Index of `trace`'s sample 0 on the group's grid (whose sample 0 is at the group's `start`). */
  firstSample: number;
  /** Window starts owned by this chunk, epoch ms, [from, to). */
  from: number;
  to: number;
}

/** How an archive is cut into chunks. */
export interface ChunkOptions {
  /** Time owned by one chunk, ms. */
  chunkMs: number;
  /** Length of a window, ms: data is read this far past a chunk's end. */
  windowMs: number;
  /** Rate the chunks' traces are resampled to, Hz. */
  sampleRate: number;
}

/** A record of a file whose headers have been scanned. */
type FileRecord = MiniSeedRecordHeader & { path: string };

/** The part of a segment inside [from, to), or undefined when none is. */
function trim(segment: ChannelSegment, from: number, to: number): ChannelSegment | undefined {
  const dt = 1000 / segment.sampleRate;
  const first = Math.max(0, Math.ceil((from - segment.startTime) / dt));
  const last = Math.min(segment.samples.length, Math.ceil((to - segment.startTime) / dt));
  if (last <= first) return undefined;
  return { ...segment, startTime: segment.startTime + first * dt, samples: segment.samples.subarray(first, last) };
}

/** Reads and decodes `records` of the file at `path`; records that follow each other are read in one go. */
async function decodeRecords(path: string, records: readonly FileRecord[]): Promise<ChannelSegment[]> {
  const sorted = [...records].sort((a, b) => a.byteOffset - b.byteOffset);
  const segments: ChannelSegment[] = [];
  const file = await open(path, 'r');
  try {
    for (let i = 0; i < sorted.length; ) {
      const offset = sorted[i]!.byteOffset;
      let end = offset + sorted[i]!.byteLength;
      for (i++; i < sorted.length && sorted[i]!.byteOffset === end; i++) end += sorted[i]!.byteLength;
      const bytes = new Uint8Array(end - offset);
      const { bytesRead } = await file.read(bytes, 0, bytes.length, offset);
      if (bytesRead < bytes.length) {
        throw new ClientError(
          CLIENT_ERROR_CODES.archiveChanged,
          `${path} is shorter than when its records were scanned`,
        );
      }
      segments.push(...(await decodeMiniSeed(bytes, { source: `${path} (bytes ${offset}–${end})` })));
    }
  } finally {
    await file.close();
  }
  return segments;
}

/** The samples in [from, to) of those `records` that overlap it, read file by file. */
async function readSpan(records: readonly FileRecord[], from: number, to: number): Promise<ChannelSegment[]> {
  const byFile = new Map<string, FileRecord[]>();
  for (const record of records) {
    if (record.startTime >= to || recordEnd(record) <= from) continue;
    if (!byFile.has(record.path)) byFile.set(record.path, []);
    byFile.get(record.path)!.push(record);
  }
  const segments: ChannelSegment[] = [];
  for (const [path, overlapping] of byFile) {
    for (const segment of await decodeRecords(path, overlapping)) {
      const piece = trim(segment, from, to);
      if (piece) segments.push(piece);
    }
  }
  return segments;
}

/** Yields `group`'s data chunk by chunk, in time order; chunks without data are skipped. */
export async function* archiveChunks(group: ArchiveGroup, options: ChunkOptions): AsyncGenerator<ArchiveChunk> {
  const { chunkMs, windowMs, sampleRate } = options;
  const files = [...group.files].sort((a, b) => a.start - b.start);
  let opened = 0; // files[0, opened) have had their headers scanned
  let pool: FileRecord[] = []; // their records the chunks have not passed yet
  let from = group.start;
  while (from < group.end) {
    pool = pool.filter((r) => recordEnd(r) > from - READ_MARGIN_MS);
    if (pool.length === 0) {
      const nextFile = files[opened];
      if (!nextFile) return;
      // A hole in the archive (days without data): on to the first chunk whose read span reaches the next file.
      from += Math.max(0, Math.floor((nextFile.start - READ_MARGIN_MS - windowMs - from) / chunkMs)) * chunkMs;
    }
    const to = from + chunkMs;
    const readFrom = from - READ_MARGIN_MS;
    const readTo = to + windowMs + READ_MARGIN_MS;
    for (; opened < files.length && files[opened]!.start < readTo; opened++) {
      const { path } = files[opened]!;
      // The index has told of this file's damage already; its intact records are read the same way here.
      for (const header of await readHeaders(path, () => {})) {
        if (traceGroupKey(header) === group.key && recordEnd(header) > readFrom) pool.push({ ...header, path });
      }
    }
    const segments = await readSpan(pool, readFrom, readTo);
    if (segments.length > 0) {
      // One trace for the chunk, however long its gaps: the chunk's span bounds the fill already.
      const trace = assembleTraces(segments, { sampleRate, maxGapFillSeconds: Infinity })[0]!;
      yield { trace, firstSample: Math.round(((trace.startTime - group.start) * sampleRate) / 1000), from, to };
    }
    from = to;
  }
}
