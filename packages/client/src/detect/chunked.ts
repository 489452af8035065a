/**
 * Detection over one miniSEED file read in time chunks — the gateway archive's chunk reader
 * (`archiveChunks`) — so that memory holds one chunk's samples and the model, however long the file
 * (read whole, a 3-hour 3-component file took ~110 MB beyond the runtime's floor). Each chunk's trace
 * reaches a window and a margin past the span it owns; only the windows starting in that span are kept,
 * and the kept scores of the whole file are merged into detections once, as if it had been one trace.
 */
import { traceGroupKey, type MiniSeedRecordHeader } from '@quakefed/seismic';
import type { DetectionOptions } from '../defaults.js';
import { MODEL_SAMPLE_RATE_HZ } from '../defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
import { archiveChunks } from '../sources/archive-chunks.js';
import { readHeaders, recordEnd, type ArchiveGroup } from '../sources/archive-index.js';
import { detectInTrace, type TraceDetections, type WindowPreprocessing, type WindowScorer } from './detector.js';
import { mergeDetections } from './merge.js';

/**
 * Time one chunk owns (10 min of 3 components at 100 Hz is 0.7 MB a copy of the samples). Peak RSS of
 * `quakefed detect` over 36 station-hours in 3-hour files (bench detect): 313 MB with 30-min chunks,
 * 296 MB with 10-min, 303 MB with 5-min (runs differ by ~10 MB): below 10 min the runtime's floor
 * dominates. Each chunk re-reads a window and two margins (30 s) past its span: 5 % more at 10 min.
 */
export const DETECT_CHUNK_MS = 10 * 60_000;

/**
 * The trace groups (a station's band: its Z, N, E) of one file, from its record headers.
 * @throws ClientError `QF_ERR_INPUT_UNREADABLE` when the file holds no readable miniSEED record
 */
async function fileGroups(path: string): Promise<ArchiveGroup[]> {
  let reason = 'no miniSEED records';
  const headers = await readHeaders(path, (_event, fields) => void (reason = fields.reason));
  if (headers.length === 0) throw new ClientError(CLIENT_ERROR_CODES.unreadableInput, reason);
  const groups = new Map<string, ArchiveGroup>();
  const extend = (group: ArchiveGroup, r: MiniSeedRecordHeader): void => {
    group.start = Math.min(group.start, r.startTime);
    group.end = Math.max(group.end, recordEnd(r));
  };
  for (const record of headers) {
    const key = traceGroupKey(record);
    if (!groups.has(key)) groups.set(key, { key, start: Infinity, end: -Infinity, spans: [], files: [] });
    extend(groups.get(key)!, record);
  }
  for (const group of groups.values()) {
    group.spans = [{ start: group.start, end: group.end }];
    group.files = [{ path, start: group.start, end: group.end }];
  }
  return [...groups.values()];
}

/** Scores one group chunk by chunk and merges the kept windows into its detections. */
async function detectGroup(
  group: ArchiveGroup,
  scorer: WindowScorer,
  preprocessing: WindowPreprocessing,
  options: DetectionOptions,
): Promise<TraceDetections | null> {
  const starts: number[] = [];
  const scores: number[] = [];
  const onsets: number[] = [];
  let first: TraceDetections | null = null;
  const windowMs = (scorer.windowSamples * 1000) / scorer.sampleRate;
  for await (const chunk of archiveChunks(group, {
    chunkMs: DETECT_CHUNK_MS,
    windowMs,
    sampleRate: MODEL_SAMPLE_RATE_HZ,
  })) {
    const part = await detectInTrace(chunk.trace, scorer, preprocessing, options);
    first ??= part;
    for (let i = 0; i < part.windowStarts.length; i++) {
      const start = part.windowStarts[i]!;
      if (start < chunk.from || start >= chunk.to) continue;
      starts.push(start);
      scores.push(part.scores[i]!);
      onsets.push(part.onsets[i]!);
    }
  }
  if (!first) return null;
  const windowStarts = Float64Array.from(starts);
  const onsetTimes = Float64Array.from(onsets);
  const scoreArray = Float32Array.from(scores);
  return {
    stream: first.stream,
    windowStarts,
    scores: scoreArray,
    onsets: onsetTimes,
    detections: mergeDetections(windowStarts, scoreArray, options.threshold, first.geometry, first.stream, onsetTimes),
    geometry: first.geometry,
    durationSeconds: (group.end - group.start) / 1000,
  };
}

/** Detections of every trace group of the file at `path`, read chunk by chunk. */
export async function detectFileInChunks(
  path: string,
  scorer: WindowScorer,
  preprocessing: WindowPreprocessing,
  options: DetectionOptions,
): Promise<TraceDetections[]> {
  const out: TraceDetections[] = [];
  for (const group of await fileGroups(path)) {
    const result = await detectGroup(group, scorer, preprocessing, options);
    if (result) out.push(result);
  }
  return out;
}
