/**
 * Where a station's data lie in an archive directory, found by one pass over record headers (no samples
 * are decoded, files are read a few MB at a time). What the pass keeps is a few numbers per file, so the
 * archive can then be read piece by piece in time order (archive-chunks.ts) instead of all at once.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { scanMiniSeedFile, traceGroupKey, type MiniSeedRecordHeader } from '@quakefed/seismic';
import { appendSpan, mergeSpans, type TimeSpan } from './time-spans.js';

/** A file holding records of one trace group, and the time those records span there. */
export interface ArchiveFile {
  path: string;
  /** Epoch ms of the group's first sample in the file, and just past its last one. */
  start: number;
  end: number;
}

/** One trace of the archive (a station's band, e.g. XX.ARC.00.HH with its Z, N and E channels). */
export interface ArchiveGroup {
  /** {@link traceGroupKey} of its records. */
  key: string;
  /**
   * Epoch ms of its first sample anywhere in the archive (sample 0 of the grid its windows start on,
   * as when the whole archive is merged into one trace) and just past its last sample.
   */
  start: number;
  end: number;
  /**
   * The time its data cover (of any of its channels): disjoint spans in time order, so the gaps of the
   * archive between `start` and `end` are not in them.
   */
  spans: TimeSpan[];
  /** The files holding its records, in path order. */
  files: ArchiveFile[];
}

/** Epoch ms just past a record's last sample. */
export function recordEnd(record: MiniSeedRecordHeader): number {
  return record.startTime + (record.sampleCount * 1000) / record.sampleRate;
}

/** Every file under `dir` (recursively), sorted; hidden entries are skipped. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir)).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/** What became of a file the archive could not read whole. */
export type SkippedFileEvent = 'archive_file_skipped' | 'archive_file_truncated';

/** Hears of every file the archive skips or reads in part (the gateway logs them). */
export type OnSkippedFile = (
  event: SkippedFileEvent,
  fields: { path: string; reason: string; records?: number },
) => void;

/**
 * The record headers of a file, read in pieces (MSEED_DEFAULTS.scanPieceBytes). A file that is not
 * miniSEED has none (gateways keep other files next to the archive: logs, state); a truncated or
 * damaged one keeps its records before the first bad one. Either is told to `onSkipped`, so no data
 * goes missing unlogged.
 */
export async function readHeaders(path: string, onSkipped: OnSkippedFile): Promise<MiniSeedRecordHeader[]> {
  try {
    let damage: string | undefined;
    const headers = await scanMiniSeedFile(path, undefined, { onBadRecord: (e) => void (damage = e.message) });
    if (damage !== undefined) onSkipped('archive_file_truncated', { path, reason: damage, records: headers.length });
    return headers;
  } catch (err) {
    if ((err as { code?: string }).code !== 'QF_ERR_BAD_MSEED') throw err;
    onSkipped('archive_file_skipped', { path, reason: (err as Error).message });
    return [];
  }
}

/**
 * A record that starts within this many sample periods of the previous record's end continues its
 * span: start times are rounded (to 0.1 ms in miniSEED 2), so contiguous records rarely meet exactly.
 */
const CONTIGUITY_TOLERANCE_SAMPLES = 0.5;

/** Widens `span` to cover [start, end). */
function widen(span: { start: number; end: number }, start: number, end: number): void {
  span.start = Math.min(span.start, start);
  span.end = Math.max(span.end, end);
}

/** The groups under `dataDir` whose records `serves` accepts, sorted by key; unreadable files are told to `onSkipped`. */
export async function indexArchive(
  dataDir: string,
  serves: (record: MiniSeedRecordHeader) => boolean,
  onSkipped: OnSkippedFile,
): Promise<ArchiveGroup[]> {
  const groups = new Map<string, ArchiveGroup>();
  for (const path of await listFiles(dataDir)) {
    const found = new Map<string, { file: ArchiveFile; spans: TimeSpan[] }>();
    for (const record of await readHeaders(path, onSkipped)) {
      if (!serves(record)) continue;
      const key = traceGroupKey(record);
      if (!found.has(key)) found.set(key, { file: { path, start: Infinity, end: -Infinity }, spans: [] });
      const { file, spans } = found.get(key)!;
      const end = recordEnd(record);
      widen(file, record.startTime, end);
      appendSpan(spans, record.startTime, end, CONTIGUITY_TOLERANCE_SAMPLES * (1000 / record.sampleRate));
    }
    for (const [key, { file, spans }] of found) {
      if (!groups.has(key)) groups.set(key, { key, start: Infinity, end: -Infinity, spans: [], files: [] });
      const group = groups.get(key)!;
      widen(group, file.start, file.end);
      // Merged file by file, so what is held is the archive's spans, not one per record.
      group.spans = mergeSpans([...group.spans, ...spans]);
      group.files.push(file);
    }
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}
