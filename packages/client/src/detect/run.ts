/**
 * `quakefed detect`: load a model (directory or coordinator URL), read miniSEED files one at a time (in
 * time chunks, see `chunked.ts`), run detection on every station found, optionally the STA/LTA baseline
 * on the same data, and write the outputs. A file that cannot be read is skipped and named; the others
 * are still scanned.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendPreference } from '@quakefed/model';
import { matchEvents, staLtaDetect, type Trace } from '@quakefed/seismic';
import { DETECTION_DEFAULTS, validateDetectionOptions, type DetectionOptions } from '../defaults.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
import { silentLogger, type Logger } from '@quakefed/core';
import {
  detectInTrace,
  streamOf,
  type TraceDetections,
  type WindowPreprocessing,
  type WindowScorer,
} from './detector.js';
import type { Detection } from './merge.js';
import { loadDetectionModel, readInputFile } from './load.js';
import { prepareOutputDir } from './output-dir.js';
import { detectFileInChunks } from './chunked.js';
import { modelScorer, seismicPreprocessing } from './scoring.js';
import { chooseThreshold } from './threshold.js';
import {
  detectionsToCsv,
  detectionsToJson,
  detectionsToPicks,
  picksToCsv,
  picksToQuakeMl,
  type Pick,
} from './writers.js';

export type DetectFormat = 'csv' | 'json' | 'quakeml';

/**
 * Options of {@link runDetect}; `model` and `inputs` are required. Without `threshold`, the model's
 * default operating point is used, else `DETECTION_DEFAULTS.threshold` (see `chooseThreshold`).
 */
export interface DetectRunOptions extends Partial<DetectionOptions> {
  /** Model directory, model.json path, or coordinator URL. */
  model: string;
  /** miniSEED files. */
  inputs: string[];
  /** Output directory (created); nothing is written when undefined. */
  outDir?: string;
  formats?: DetectFormat[];
  /** Default: `initBackend`'s ('auto'). */
  backend?: BackendPreference;
  logger?: Logger;
  /** Creation time written into QuakeML (default: now). */
  creationTime?: number;
  /** Told of each input file that cannot be read, as it is skipped. */
  onInputFailed?: (failure: FailedInput) => void;
}

/** An input file detection skipped, and why. */
export interface FailedInput {
  path: string;
  error: string;
}

/** STA/LTA triggers of one trace. */
export interface StaLtaResult {
  stream: ReturnType<typeof streamOf>;
  /** Trigger onsets, epoch ms. */
  onsets: number[];
}

/** What a detection run found and wrote. */
export interface DetectReport {
  traces: TraceDetections[];
  stalta: StaLtaResult[];
  files: string[];
  summary: {
    stations: number;
    dataSeconds: number;
    windows: number;
    detections: number;
    staltaTriggers: number | null;
    /** Detections with an STA/LTA trigger of the same trace in the event hit window (−5 s … +10 s of the trigger), one per trigger. */
    staltaAgreeing: number | null;
    hopSeconds: number;
    /** Where the model was loaded from. */
    model: string;
    /** Window-score threshold detections were made at, and where it came from (see `chooseThreshold`). */
    threshold: number;
    thresholdSource: string;
    seconds: number;
    realTimeFactor: number;
    /** Input files that could not be read (skipped; the others were scanned). */
    failedInputs: FailedInput[];
  };
}

const ALL_FORMATS: readonly DetectFormat[] = ['csv', 'json', 'quakeml'];
const PROVENANCE = { agencyId: 'quakefed', cnn: 'smi:quakefed/method/cnn', stalta: 'smi:quakefed/method/stalta' };

/** Detection on already-read traces with a given scorer (the part benchmarks and tests drive). */
export async function detectTraces(
  traces: readonly Trace[],
  scorer: WindowScorer,
  options: Partial<DetectionOptions> = {},
  preprocessing: WindowPreprocessing = seismicPreprocessing(scorer.sampleRate),
): Promise<{ traces: TraceDetections[]; stalta: StaLtaResult[] }> {
  const o: DetectionOptions = { ...DETECTION_DEFAULTS, ...options };
  validateDetectionOptions(o);
  const results: TraceDetections[] = [];
  const stalta: StaLtaResult[] = [];
  for (const trace of traces) {
    results.push(await detectInTrace(trace, scorer, preprocessing, o));
    if (o.stalta) stalta.push({ stream: streamOf(trace), onsets: staLtaDetect(trace) });
  }
  return { traces: results, stalta };
}

/** Detection (and STA/LTA when asked) over one input file. */
async function scanInput(
  path: string,
  scorer: WindowScorer,
  preprocessing: WindowPreprocessing,
  o: DetectionOptions,
): Promise<{ traces: TraceDetections[]; stalta: StaLtaResult[] }> {
  if (o.stalta) return detectTraces(await readInputFile(path), scorer, o, preprocessing);
  return { traces: await detectFileInChunks(path, scorer, preprocessing, o), stalta: [] };
}

/** Reads the inputs, runs detection (and STA/LTA when asked), writes the outputs. */
export async function runDetect(options: DetectRunOptions): Promise<DetectReport> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const formats = options.formats ?? [...ALL_FORMATS];
  const unknown = formats.filter((f) => !ALL_FORMATS.includes(f));
  if (unknown.length > 0)
    throw new ClientError(CLIENT_ERROR_CODES.badOptions, `unknown format(s) ${unknown.join(', ')}`);
  if (options.inputs.length === 0) throw new ClientError(CLIENT_ERROR_CODES.noData, 'no input files');
  const o: DetectionOptions = { ...DETECTION_DEFAULTS, ...definedDetectionOptions(options) };
  validateDetectionOptions(o);

  if (options.outDir) await prepareOutputDir(options.outDir);
  const loaded = await loadDetectionModel(options.model, options.backend);
  const { source, model } = loaded;
  const threshold = chooseThreshold(options.threshold, loaded.operatingPoints, loaded.weightsSha256, o.hopSeconds);
  o.threshold = threshold.threshold;
  logger.info('model_loaded', {
    source,
    backend: loaded.backend,
    threshold: threshold.threshold,
    thresholdSource: threshold.description,
  });
  const scorer = modelScorer(model, o.batchSize);
  const results: TraceDetections[] = [];
  const stalta: StaLtaResult[] = [];
  const failedInputs: FailedInput[] = [];
  try {
    // One file at a time, and without STA/LTA (which needs each trace whole) one time chunk at a time:
    // memory holds a chunk's samples and the model, however many and long the files are.
    const preprocessing = seismicPreprocessing(scorer.sampleRate);
    for (const path of options.inputs) {
      const scanned = await scanInput(path, scorer, preprocessing, o).catch((err: unknown) => {
        const failure = { path, error: err instanceof Error ? err.message : String(err) };
        failedInputs.push(failure);
        logger.warn('input_skipped', { ...failure });
        options.onInputFailed?.(failure);
        return null;
      });
      if (!scanned) continue;
      results.push(...scanned.traces);
      stalta.push(...scanned.stalta);
    }
  } finally {
    model.dispose();
  }
  if (failedInputs.length === options.inputs.length) {
    const first = failedInputs[0]!;
    throw new ClientError(
      CLIENT_ERROR_CODES.unreadableInput,
      `no input file could be read (${first.path}: ${first.error})`,
    );
  }

  const files = options.outDir
    ? await writeOutputs(options.outDir, formats, results, stalta, options.creationTime ?? Date.now())
    : [];
  const dataSeconds = results.reduce((s, r) => s + r.durationSeconds, 0);
  const seconds = (performance.now() - started) / 1000;
  const detections = results.reduce((n, r) => n + r.detections.length, 0);
  logger.info('detect_done', { detections, dataSeconds, seconds });
  return {
    traces: results,
    stalta,
    files,
    summary: {
      stations: results.length,
      dataSeconds,
      windows: results.reduce((n, r) => n + r.scores.length, 0),
      detections,
      staltaTriggers: o.stalta ? stalta.reduce((n, s) => n + s.onsets.length, 0) : null,
      staltaAgreeing: o.stalta ? agreeing(results, stalta) : null,
      hopSeconds: o.hopSeconds,
      model: source,
      threshold: o.threshold,
      thresholdSource: threshold.description,
      seconds,
      realTimeFactor: seconds > 0 ? dataSeconds / seconds : Number.POSITIVE_INFINITY,
      failedInputs,
    },
  };
}

/**
 * STA/LTA triggers of the same trace that a detection agrees with (results and triggers align by
 * index): each trigger stands for an event whose P it marks, scored by `matchEvents`' hit window, one
 * detection per trigger. A trigger carries no signal length, so nothing else is counted.
 */
function agreeing(results: readonly TraceDetections[], stalta: readonly StaLtaResult[]): number {
  return results.reduce((n, r, i) => {
    const triggers = stalta[i]!.onsets.map((t) => ({ pArrivalTime: t, endTime: t }));
    return (
      n +
      matchEvents(
        r.detections.map((d) => d.time),
        triggers,
      ).matched
    );
  }, 0);
}

function definedDetectionOptions(o: Partial<DetectionOptions>): Partial<DetectionOptions> {
  const out: Partial<DetectionOptions> = {};
  if (o.hopSeconds !== undefined) out.hopSeconds = o.hopSeconds;
  if (o.threshold !== undefined) out.threshold = o.threshold;
  if (o.batchSize !== undefined) out.batchSize = o.batchSize;
  if (o.stalta !== undefined) out.stalta = o.stalta;
  return out;
}

/** Writes detections (and STA/LTA triggers) in the requested formats; returns the paths written. */
async function writeOutputs(
  dir: string,
  formats: readonly DetectFormat[],
  results: readonly TraceDetections[],
  stalta: readonly StaLtaResult[],
  creationTime: number,
): Promise<string[]> {
  const detections: Detection[] = results.flatMap((r) => r.detections).sort((a, b) => a.time - b.time);
  const triggers: Pick[] = stalta
    .flatMap((s) => s.onsets.map((time) => ({ ...s.stream, time, comment: 'sta/lta trigger on' })))
    .sort((a, b) => a.time - b.time);
  const outputs: [string, string][] = [];
  for (const format of formats) {
    if (format === 'csv') {
      outputs.push(['detections.csv', detectionsToCsv(detections)]);
      if (stalta.length) outputs.push(['stalta.csv', picksToCsv(triggers)]);
    } else if (format === 'json') {
      outputs.push([
        'detections.json',
        detectionsToJson(detections, {
          stalta: stalta.length ? triggers.map((t) => ({ ...t, timeIso: new Date(t.time).toISOString() })) : undefined,
        }),
      ]);
    } else {
      outputs.push([
        'detections.quakeml',
        picksToQuakeMl(detectionsToPicks(detections), {
          methodId: PROVENANCE.cnn,
          agencyId: PROVENANCE.agencyId,
          creationTime,
        }),
      ]);
      if (stalta.length)
        outputs.push([
          'stalta.quakeml',
          picksToQuakeMl(triggers, { methodId: PROVENANCE.stalta, agencyId: PROVENANCE.agencyId, creationTime }),
        ]);
    }
  }
  const paths: string[] = [];
  for (const [name, text] of outputs) {
    const path = join(dir, name);
    await writeFile(path, text);
    paths.push(path);
  }
  return paths;
}
