/**
 * A gateway's archive as a data source: a directory of miniSEED (2 or 3) files, labelled by an
 * earthquake catalogue and the station's coordinates (rule in labelling.ts, travel times and
 * detectability in travel-time.ts).
 *
 * On first use the archive is scanned once, in bounded memory: a pass over record headers finds where
 * each served trace's data lie (archive-index.ts); then each trace is read chunk by chunk in time order
 * (archive-chunks.ts: records of all files merged, so SDS day files of Z, N and E make one 3-component
 * trace, resampled to the model's rate), and each chunk is windowed every `windowHopSeconds`, labelled, and
 * split into training and evaluation sets by blocks of time (so the overlapping neighbours of an
 * evaluation window are not in the training set) before its samples are released. Each set keeps every
 * positive window and a seeded uniform sample of at most `maxNegatives` negatives (window-pool.ts). What
 * stays in memory is therefore one chunk of samples, the record headers of the files it is read from,
 * and the kept windows — not the archive. Window starts, labels and the split are those of the whole
 * archive merged into one trace: the chunks keep to that trace's window grid.
 */
import {
  copyWindow,
  createRng,
  preprocessWindow,
  WINDOW_DEFAULTS,
  type MiniSeedRecordHeader,
  type Trace,
  type WindowMeta,
  type WindowSet,
} from '@quakefed/seismic';
import { applyBudget, type DataSource, type DataSummary } from '../data-source.js';
import {
  LABELLING_DEFAULTS,
  MINISEED_SOURCE_DEFAULTS,
  MODEL_SAMPLE_RATE_HZ,
  type DataBudget,
  type LabellingOptions,
} from '../defaults.js';
import { windowStartSamples } from '../detect/windows.js';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';
import { silentLogger, type Logger } from '@quakefed/core';
import { archiveChunks, type ArchiveChunk } from './archive-chunks.js';
import { indexArchive } from './archive-index.js';
import { readCatalogue, type CatalogueEvent } from './catalogue.js';
import { labelWindows, predictArrivals, type PredictedArrival } from './labelling.js';
import { spansLength } from './time-spans.js';
import type { StationCoordinates } from './travel-time.js';
import { WindowPool } from './window-pool.js';

/** Options of a miniSEED archive source (defaults of the optional ones: MINISEED_SOURCE_DEFAULTS). */
export interface MiniSeedDirectoryOptions {
  dataDir: string;
  /** NSLC ids served; traces of other stations in the directory are ignored. */
  stationIds: readonly string[];
  station: StationCoordinates;
  /** CSV or QuakeML file; without one there are no positives. */
  catalogue?: string;
  /** Or the events themselves (tests, callers that fetch a catalogue over FDSN). */
  events?: readonly CatalogueEvent[];
  labelling?: Partial<LabellingOptions>;
  /** Negative windows kept per set (a seeded uniform sample of the archive's negatives). */
  maxNegatives?: number;
  /** Minutes of archive read, labelled and released at a time (bounds the samples in memory). */
  scanChunkMinutes?: number;
  /** Seed of the negative subsample and of the evaluation split. */
  seed?: number;
  /** Told (warn) of every archive file skipped or read only in part; default silent. */
  logger?: Logger;
}

/** Length of the time blocks assigned whole to training or evaluation, ms. */
const SPLIT_BLOCK_MS = 10 * 60_000;

interface Loaded {
  training: WindowSet;
  evaluation: WindowSet;
  summary: DataSummary;
}

/** True when an NSLC id (or NET.STA.LOC) names the record's station. */
function servesRecord(stationIds: readonly string[], record: MiniSeedRecordHeader): boolean {
  const nsl = `${record.network}.${record.station}.${record.location}`;
  return stationIds.some((id) => id === nsl || id.startsWith(`${nsl}.`));
}

/** Uniform in [0,1) from a block index and a seed: which set a block belongs to. */
function blockDraw(block: number, seed: number): number {
  let h = Math.imul(block ^ 0x45d9f3b, 0x27d4eb2d) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

/** The two sets a scan fills. */
interface Pools {
  training: WindowPool;
  evaluation: WindowPool;
}

/** A gateway's miniSEED archive labelled by a catalogue (see the file comment for the scan and split). */
export class MiniSeedDirectorySource implements DataSource {
  readonly stationIds: readonly string[];
  private readonly labelling: LabellingOptions;
  private readonly maxNegatives: number;
  private readonly scanChunkMinutes: number;
  private readonly seed: number;
  private loaded: Promise<Loaded> | null = null;

  constructor(private readonly options: MiniSeedDirectoryOptions) {
    this.stationIds = options.stationIds;
    this.labelling = { ...LABELLING_DEFAULTS, ...options.labelling };
    this.maxNegatives = options.maxNegatives ?? MINISEED_SOURCE_DEFAULTS.maxNegatives;
    this.scanChunkMinutes = options.scanChunkMinutes ?? MINISEED_SOURCE_DEFAULTS.scanChunkMinutes;
    this.seed = options.seed ?? MINISEED_SOURCE_DEFAULTS.seed;
    const f = this.labelling.evaluationFraction;
    if (!(f >= 0 && f < 1))
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'evaluationFraction must be in [0, 1)');
    if (!(Number.isInteger(this.maxNegatives) && this.maxNegatives > 0)) {
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'maxNegatives must be a positive integer');
    }
    if (!(this.scanChunkMinutes > 0))
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'scanChunkMinutes must be > 0');
    if (!(this.labelling.windowHopSeconds > 0))
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'windowHopSeconds must be > 0');
  }

  /**
   * Counts of the labelled archive. `hours` are the hours covered by data, summed over the contiguous
   * spans of each served trace: gaps in the archive (a missing day, a station outage) do not count.
   */
  async summary(): Promise<DataSummary> {
    return (await this.load()).summary;
  }

  async trainingWindows(round: number, budget: DataBudget): Promise<WindowSet> {
    return applyBudget((await this.load()).training, round, budget);
  }

  async evaluationWindows(): Promise<WindowSet> {
    return (await this.load()).evaluation;
  }

  private load(): Promise<Loaded> {
    this.loaded ??= this.scan();
    return this.loaded;
  }

  private async scan(): Promise<Loaded> {
    const events = this.options.events ?? (this.options.catalogue ? await readCatalogue(this.options.catalogue) : []);
    const logger = this.options.logger ?? silentLogger;
    const groups = await indexArchive(
      this.options.dataDir,
      (record) => servesRecord(this.stationIds, record),
      (event, fields) => logger.warn(event, fields),
    );
    if (groups.length === 0) {
      throw new ClientError(
        CLIENT_ERROR_CODES.noData,
        `no miniSEED data for ${this.stationIds.join(', ')} under ${this.options.dataDir}`,
      );
    }
    const arrivals = predictArrivals(events, this.options.station, this.labelling);
    // Streams 1 and 2 of the seed: which negatives each set keeps.
    const pools: Pools = {
      training: new WindowPool(this.maxNegatives, createRng(this.seed * 31 + 1)),
      evaluation: new WindowPool(this.maxNegatives, createRng(this.seed * 31 + 2)),
    };
    const chunking = {
      chunkMs: this.scanChunkMinutes * 60_000,
      windowMs: WINDOW_DEFAULTS.windowSeconds * 1000,
      sampleRate: MODEL_SAMPLE_RATE_HZ,
    };
    let hours = 0;
    for (const group of groups) {
      hours += spansLength(group.spans) / 3_600_000;
      for await (const chunk of archiveChunks(group, chunking)) this.labelChunk(chunk, group.start, arrivals, pools);
    }
    const { windowSeconds, channels } = WINDOW_DEFAULTS;
    return {
      training: pools.training.toWindowSet(windowSeconds * MODEL_SAMPLE_RATE_HZ, channels),
      evaluation: pools.evaluation.toWindowSet(windowSeconds * MODEL_SAMPLE_RATE_HZ, channels),
      // Counts of the labelled archive (before negatives are sampled for memory).
      summary: { windows: pools.training.offered, positives: pools.training.positiveCount, hours },
    };
  }

  /**
   * Windows, labels and offers to its set every window a chunk owns. Window k of a trace starts at
   * sample k·hop of the grid that begins at the trace's first sample (`gridStart`), as when the whole
   * archive is one trace; the chunk's own samples start `chunk.firstSample` into that grid.
   */
  private labelChunk(
    chunk: ArchiveChunk,
    gridStart: number,
    arrivals: readonly PredictedArrival[],
    pools: Pools,
  ): void {
    const { trace, firstSample } = chunk;
    const windowSamples = WINDOW_DEFAULTS.windowSeconds * MODEL_SAMPLE_RATE_HZ;
    const hopSamples = Math.round(this.labelling.windowHopSeconds * MODEL_SAMPLE_RATE_HZ);
    const phase = ((-firstSample % hopSamples) + hopSamples) % hopSamples;
    const startTimeOf = (s: number) => gridStart + ((firstSample + s) * 1000) / trace.sampleRate;
    const starts = windowStartSamples(trace, windowSamples, hopSamples, phase).filter((s) => {
      const t = startTimeOf(s);
      return t >= chunk.from && t < chunk.to;
    });
    const startTimes = Float64Array.from(starts, startTimeOf);
    const [minOffsetSeconds, maxOffsetSeconds] = WINDOW_DEFAULTS.pOffsetRangeSeconds;
    const { labels, arrivalOf } = labelWindows(startTimes, WINDOW_DEFAULTS.windowSeconds * 1000, arrivals, {
      minOffsetSeconds,
      maxOffsetSeconds,
    });
    for (let i = 0; i < starts.length; i++) {
      if (labels[i] === -1) continue;
      const startTime = startTimes[i]!;
      const meta: WindowMeta = {
        stationId: `${trace.network}.${trace.station}.${trace.location}`,
        startTime,
        label: labels[i] === 1 ? 1 : 0,
        kind: labels[i] === 1 ? 'quake' : 'noise',
        labelSource: 'catalogue',
      };
      const arrival = arrivalOf[i];
      if (arrival) {
        Object.assign(meta, {
          pArrivalOffsetSeconds: (arrival.time - startTime) / 1000,
          magnitude: arrival.event.magnitude,
          distanceKm: arrival.distanceKm,
        });
      }
      const block = Math.floor(startTime / SPLIT_BLOCK_MS);
      const pool = blockDraw(block, this.seed) < this.labelling.evaluationFraction ? pools.evaluation : pools.training;
      pool.offer(meta, () => cutWindow(trace, starts[i]!, windowSamples));
    }
  }
}

/** One preprocessed model input cut from `trace` at sample `start`. */
function cutWindow(trace: Trace, start: number, length: number): Float32Array {
  const channels = WINDOW_DEFAULTS.channels;
  const x = new Float32Array(length * channels);
  copyWindow(trace, start, length, x, 0, channels, WINDOW_DEFAULTS.zOnlyPolicy);
  preprocessWindow(x, length, channels, MODEL_SAMPLE_RATE_HZ);
  return x;
}
