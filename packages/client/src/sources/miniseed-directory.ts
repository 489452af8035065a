/**
 * A gateway's archive as a data source: a directory of miniSEED (2 or 3) files, labelled by an
 * earthquake catalogue and the station's coordinates (rule in labelling.ts, travel times and
 * detectability in travel-time.ts).
 *
 * On first use the archive is read once: records of all files are merged per station (so SDS day files
 * of Z, N and E become one 3-component trace), resampled to the model's rate, windowed every
 * `windowHopSec`, labelled, and split into training and evaluation sets by blocks of time (so the
 * overlapping neighbours of an evaluation window are not in the training set). Every positive window
 * is kept; negatives are kept up to `maxNegatives` per set (seeded subsample), so the memory held
 * afterwards is bounded whatever the archive's length. Raw samples are dropped after this pass.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assembleTraces,
  copyWindow,
  createRng,
  decodeMiniSeed,
  preprocessWindow,
  WINDOW_DEFAULTS,
  type ChannelSegment,
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
import { readCatalogue, type CatalogueEvent } from './catalogue.js';
import { labelWindows, predictArrivals } from './labelling.js';
import type { StationCoordinates } from './travel-time.js';

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
  /** Negative windows kept per set after the scan. */
  maxNegatives?: number;
  /** Seed of the negative subsample and of the evaluation split. */
  seed?: number;
}

/** Length of the time blocks assigned whole to training or evaluation, ms. */
const SPLIT_BLOCK_MS = 10 * 60_000;

interface Loaded {
  training: WindowSet;
  evaluation: WindowSet;
  summary: DataSummary;
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

/** True when an NSLC id (or NET.STA.LOC) names the trace's station. */
function servesTrace(stationIds: readonly string[], trace: Trace): boolean {
  const nsl = `${trace.network}.${trace.station}.${trace.location}`;
  return stationIds.some((id) => id === nsl || id.startsWith(`${nsl}.`));
}

/** Uniform in [0,1) from a block index and a seed: which set a block belongs to. */
function blockDraw(block: number, seed: number): number {
  let h = Math.imul(block ^ 0x45d9f3b, 0x27d4eb2d) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

/** A labelled window before its samples are cut. */
interface Candidate {
  trace: Trace;
  start: number;
  meta: WindowMeta;
}

/** A gateway's miniSEED archive labelled by a catalogue (see the file comment for the scan and split). */
export class MiniSeedDirectorySource implements DataSource {
  readonly stationIds: readonly string[];
  private readonly labelling: LabellingOptions;
  private readonly maxNegatives: number;
  private readonly seed: number;
  private loaded: Promise<Loaded> | null = null;

  constructor(private readonly options: MiniSeedDirectoryOptions) {
    this.stationIds = options.stationIds;
    this.labelling = { ...LABELLING_DEFAULTS, ...options.labelling };
    this.maxNegatives = options.maxNegatives ?? MINISEED_SOURCE_DEFAULTS.maxNegatives;
    this.seed = options.seed ?? MINISEED_SOURCE_DEFAULTS.seed;
    const f = this.labelling.evaluationFraction;
    if (!(f >= 0 && f < 1)) throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'evaluationFraction must be in [0, 1)');
    if (!(Number.isInteger(this.maxNegatives) && this.maxNegatives > 0)) {
      throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'maxNegatives must be a positive integer');
    }
    if (!(this.labelling.windowHopSec > 0)) throw new ClientError(CLIENT_ERROR_CODES.badOptions, 'windowHopSec must be > 0');
  }

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
    const traces = await this.readTraces();
    const arrivals = predictArrivals(events, this.options.station, this.labelling);
    const windowSamples = WINDOW_DEFAULTS.windowS * MODEL_SAMPLE_RATE_HZ;
    const hopSamples = Math.round(this.labelling.windowHopSec * MODEL_SAMPLE_RATE_HZ);
    const sets: { training: Candidate[]; evaluation: Candidate[] } = { training: [], evaluation: [] };
    let hours = 0;
    for (const trace of traces) {
      hours += (trace.data[0]!.length / trace.sampleRate) / 3600;
      const starts = windowStartSamples(trace, windowSamples, hopSamples);
      const startTimes = Float64Array.from(starts, (s) => trace.startTime + (s * 1000) / trace.sampleRate);
      const [minOffsetSec, maxOffsetSec] = WINDOW_DEFAULTS.pOffsetRangeS;
      const { labels, arrivalOf } = labelWindows(startTimes, WINDOW_DEFAULTS.windowS * 1000, arrivals, { minOffsetSec, maxOffsetSec });
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
            pArrivalOffsetS: (arrival.time - startTime) / 1000,
            magnitude: arrival.event.magnitude,
            distanceKm: arrival.distanceKm,
          });
        }
        const block = Math.floor(startTime / SPLIT_BLOCK_MS);
        const set = blockDraw(block, this.seed) < this.labelling.evaluationFraction ? sets.evaluation : sets.training;
        set.push({ trace, start: starts[i]!, meta });
      }
    }
    return {
      training: this.cut(sets.training, windowSamples, 1),
      evaluation: this.cut(sets.evaluation, windowSamples, 2),
      // Counts of the labelled archive (before negatives are subsampled for memory).
      summary: { windows: sets.training.length, positives: sets.training.filter((c) => c.meta.label === 1).length, hours },
    };
  }

  /** The served stations' traces, every file's records merged per station, at the model's rate. */
  private async readTraces(): Promise<Trace[]> {
    const segments: ChannelSegment[] = [];
    const files = await listFiles(this.options.dataDir);
    for (const path of files) {
      try {
        segments.push(...(await decodeMiniSeed(new Uint8Array(await readFile(path)))));
      } catch (err) {
        // Gateways keep other files next to the archive (logs, state): not miniSEED, not ours.
        if ((err as { code?: string }).code !== 'QF_ERR_BAD_MSEED') throw err;
      }
    }
    const traces = segments.length === 0 ? [] : assembleTraces(segments, { sampleRate: MODEL_SAMPLE_RATE_HZ });
    const served = traces.filter((t) => servesTrace(this.stationIds, t));
    if (served.length === 0) {
      throw new ClientError(CLIENT_ERROR_CODES.noData, `no miniSEED data for ${this.stationIds.join(', ')} under ${this.options.dataDir}`);
    }
    return served;
  }

  /** Cuts and preprocesses the kept windows: all positives, at most `maxNegatives` negatives (seeded). */
  private cut(candidates: Candidate[], length: number, stream: number): WindowSet {
    const positives = candidates.filter((c) => c.meta.label === 1);
    const negatives = candidates.filter((c) => c.meta.label === 0);
    const rng = createRng(this.seed * 31 + stream);
    for (let i = negatives.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [negatives[i], negatives[j]] = [negatives[j]!, negatives[i]!];
    }
    const kept = [...positives, ...negatives.slice(0, this.maxNegatives)].sort((a, b) => a.meta.startTime - b.meta.startTime);
    const channels = WINDOW_DEFAULTS.channels;
    const x = new Float32Array(kept.length * length * channels);
    kept.forEach((c, k) => {
      copyWindow(c.trace, c.start, length, x, k, channels, WINDOW_DEFAULTS.zOnlyPolicy);
      preprocessWindow(x.subarray(k * length * channels, (k + 1) * length * channels), length, channels, MODEL_SAMPLE_RATE_HZ);
    });
    return {
      x,
      labels: Uint8Array.from(kept, (c) => c.meta.label),
      count: kept.length,
      length,
      channels,
      meta: kept.map((c) => c.meta),
    };
  }
}
