/**
 * Every tunable of the client package with its documented default, merged as `{...DEFAULTS, ...opts}`.
 * Validation of merged options lives next to each consumer (`validate*` functions below).
 */
import { ClientError, CLIENT_ERROR_CODES } from './errors.js';
import { METRIC_DEFAULTS } from '@quakefed/seismic';
import type { MiniSeedDirectoryOptions } from './sources/miniseed-directory.js';
import type { SyntheticStationOptions } from './sources/synthetic.js';

/** Sampling rate of the model's windows (its 1000-sample input is 10 s at 100 Hz); data are resampled to it. */
export const MODEL_SAMPLE_RATE_HZ = 100;

/** Connection to the coordinator. */
export interface ConnectionOptions {
  /** Coordinator WebSocket URL, `ws://host:port` or `wss://…`. Required. */
  server: string;
  /** Reconnect backoff: first ceiling, growth factor, largest ceiling (full jitter below it). */
  backoffBaseMs: number;
  backoffFactor: number;
  backoffMaxMs: number;
  /**
   * A session counts as stable, and the backoff starts again from `backoffBaseMs`, once it has stayed
   * up this long after its Welcome. A Welcome alone proves nothing: a coordinator that welcomes and
   * then drops every client (crash loop, overload) would otherwise be re-dialled at the first,
   * shortest ceiling forever.
   */
  stableAfterMs: number;
  /** The server is taken as dead after this long without any frame or ping from it. */
  deadServerTimeoutMs: number;
  /** Opening handshake (TCP + TLS + HTTP upgrade) must finish within this. */
  connectTimeoutMs: number;
  /** Largest frame accepted from the coordinator (a global model of the reference CNN is ~100 kB). */
  maxMessageBytes: number;
  /** Seed of the jitter PRNG; undefined = Math.random (gateways must not share a jitter sequence). */
  jitterSeed: number | undefined;
  /** Station token (`<client id>.<secret>`) sent as `Authorization: Bearer` on every connection; undefined: none. */
  token: string | undefined;
  /**
   * PEM of the CA that must have signed the coordinator's `wss://` certificate (pinned: the system CAs
   * are not consulted); undefined: the system CAs.
   */
  ca: string | undefined;
  /**
   * PEM of this gateway's client certificate and its private key, presented in the TLS handshake to a
   * coordinator that requires one (mutual TLS); undefined: none (both or neither).
   */
  cert: string | undefined;
  key: string | undefined;
}

/**
 * Defaults of {@link ConnectionOptions}: 1 s first backoff ceiling doubling to 5 min, a session stable
 * after 30 s (far longer than a Hello/Welcome exchange, far shorter than a working session, which
 * lasts hours), 90 s dead-server timeout.
 */
export const CONNECTION_DEFAULTS: Omit<ConnectionOptions, 'server'> = {
  backoffBaseMs: 1_000,
  backoffFactor: 2,
  backoffMaxMs: 5 * 60_000,
  stableAfterMs: 30_000,
  deadServerTimeoutMs: 90_000,
  connectTimeoutMs: 15_000,
  maxMessageBytes: 64 * 1024 * 1024,
  jitterSeed: undefined,
  token: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
};

/** Federated client behaviour (on top of the connection). */
export interface ClientBehaviourOptions {
  /** Stable id of this gateway; defaults to the first station id. */
  clientId: string | undefined;
  /** FDSN NSLC ids of the stations this gateway serves. At least one. */
  stationIds: string[];
  /** On stop (SIGTERM): wait this long for a running task to finish and report before saying Bye. */
  shutdownGraceMs: number;
  /** Decision threshold and histogram bins used for EvaluateRes (config keys override them). */
  evaluationThreshold: number;
  histogramBins: number;
}

/** Defaults of {@link ClientBehaviourOptions}. */
export const CLIENT_BEHAVIOUR_DEFAULTS: Omit<ClientBehaviourOptions, 'stationIds'> = {
  clientId: undefined,
  shutdownGraceMs: 20_000,
  evaluationThreshold: METRIC_DEFAULTS.threshold,
  histogramBins: METRIC_DEFAULTS.histogramBins,
};

/**
 * Local data budget per round: every positive window is kept, negatives are subsampled (seeded by
 * round) so that one round trains on at most `maxWindows` windows — training time on a gateway is
 * bounded whatever the size of its archive.
 */
export interface DataBudget {
  maxWindows: number;
  /** Negatives kept even when positives alone exceed `maxWindows` (a set of positives only teaches nothing). */
  minNegatives: number;
  /** Seed of the negative subsampling; the round number is mixed in. */
  seed: number;
  /**
   * Candidate negatives drawn per negative trained on, in a round whose fit config mines hard negatives
   * (`hardNegativeShare` > 0): the model scores them and trains on the hardest share (the rest at random).
   * Scoring costs a forward pass per candidate, about a third of a training step. 1: no candidates beyond
   * the budget. `budgetFromConfig` sets it to 1 for rounds that do not mine.
   */
  miningCandidates: number;
}

/** Defaults of {@link DataBudget}: 512 windows a round, at least 64 of them negatives, 4 candidates per mined negative. */
export const DATA_BUDGET_DEFAULTS: DataBudget = {
  maxWindows: 512,
  minNegatives: 64,
  seed: 1,
  miningCandidates: 4,
};

/** Labelling of a miniSEED archive from a catalogue (see sources/travel-time.ts and sources/labelling.ts). */
export interface LabellingOptions {
  /** Constant P velocity of the straight-ray travel times, km/s. */
  vpKmPerSecond: number;
  /** Detectability rule: smallest magnitude seen at the reference distance. */
  referenceMagnitude: number;
  referenceDistanceKm: number;
  minDistanceKm: number;
  /**
   * Events below the detectability threshold but within this many magnitude units of it may still be
   * visible: windows around their arrivals are excluded (neither positive nor negative). Events further
   * below are invisible and their windows stay ordinary negatives.
   */
  exclusionMagnitudeBand: number;
  /** Windows within this long before a predicted arrival are excluded (travel-time error). */
  arrivalUncertaintySeconds: number;
  /** Shortest signal duration after P that excludes windows (coda relation otherwise, see codaDurationSeconds). */
  minSignalSeconds: number;
  /** Hop between labelled windows of the archive, seconds. */
  windowHopSeconds: number;
  /** Fraction of the archive's windows held out for federated evaluation (chosen by time block). */
  evaluationFraction: number;
}

/** Defaults of {@link LabellingOptions} (documented in docs/deployment.md, "How windows are labelled"). */
export const LABELLING_DEFAULTS: LabellingOptions = {
  vpKmPerSecond: 6.0,
  referenceMagnitude: 1.5,
  referenceDistanceKm: 100,
  minDistanceKm: 1,
  exclusionMagnitudeBand: 1.0,
  arrivalUncertaintySeconds: 2,
  minSignalSeconds: 20,
  windowHopSeconds: 5,
  evaluationFraction: 0.2,
};

/**
 * Defaults of the optional {@link SyntheticStationOptions} (`profile` aside: the seismic package's).
 * Positives are rare, as at a real station, but present in every budget: 5 % of a 512-window round is
 * about 25 quakes.
 */
export const SYNTHETIC_SOURCE_DEFAULTS = {
  /** Labelled training windows the station holds. */
  windows: 1024,
  /** Held-out windows for federated evaluation. */
  evaluationWindows: 256,
  /** Share of positive windows. */
  positiveFraction: 0.05,
  /** Keep the generated sets in memory rather than regenerating them each round. */
  cache: true,
} satisfies Required<Omit<SyntheticStationOptions, 'stationId' | 'seed' | 'profile'>>;

/** Defaults of the optional {@link MiniSeedDirectoryOptions} (labelling aside: {@link LABELLING_DEFAULTS}). */
export const MINISEED_SOURCE_DEFAULTS = {
  /**
   * Negative windows kept per set (training, evaluation): a seeded uniform sample (reservoir sampling)
   * of all the archive's negatives, drawn while it is scanned. With every positive, these are all the
   * windows the source holds, during the scan and after: 2048 × 3000 samples × 4 bytes ≈ 25 MB a set,
   * whatever the archive's length. Four times the default training budget, so the negatives of
   * successive rounds still differ.
   */
  maxNegatives: 2048,
  /**
   * Minutes of archive read, labelled and released at a time. One hour of a 3-component 100 Hz trace
   * is 4.3 MB of samples (merging and resampling hold a few copies at once); longer chunks save little,
   * as each chunk re-reads only ~30 s of margins.
   */
  scanChunkMinutes: 60,
  /** Seed of the negative sample and of the evaluation split. */
  seed: 1,
} satisfies Required<Pick<MiniSeedDirectoryOptions, 'maxNegatives' | 'scanChunkMinutes' | 'seed'>>;

/** Detection on continuous data. */
export interface DetectionOptions {
  /** Hop between successive windows, seconds (window length comes from the model's input). */
  hopSeconds: number;
  /** Probability at or above which a window is positive. */
  threshold: number;
  /** Windows cut and scored per `predictScores` call (bounds memory: batch × 3000 × 3 floats). */
  batchSize: number;
  /** Also run the recursive STA/LTA baseline and write its triggers. */
  stalta: boolean;
  /** Windows scoring at or above this get an in-window onset pick (default: `threshold`); lower it to
   *  merge the same scores into dated detections at lower thresholds afterwards. */
  pickAbove?: number;
}

/**
 * Hop 2 s: every P onset falls in ~3 windows of its labelled span (1–7 s) (a detection is dated by
 * the AIC pick inside its best window, not by the hop), and a 3-component station-day takes < 8.64 s of one core (≥ 10,000× real time, see
 * `npm run bench -- detect`). Hops of 4–5 s are 2× cheaper but date onsets up to ±3 s off and miss
 * events at a 2 s tolerance; 1 s doubles the cost for no gain in recall.
 */
export const DETECTION_DEFAULTS: DetectionOptions = {
  hopSeconds: 2,
  threshold: METRIC_DEFAULTS.threshold,
  // 64 windows (2.3 MB) stay in cache from the cut through the copy into the engine; 512 (18 MB) did
  // not, and a station-day took ~3 % longer (scratch A/B, 30 Nov 2026).
  batchSize: 64,
  stalta: false,
};

function reject(message: string): never {
  throw new ClientError(CLIENT_ERROR_CODES.badOptions, message);
}

/** Throws QF_ERR_CLIENT_OPTIONS for contradictory or out-of-range connection options. */
export function validateConnectionOptions(o: ConnectionOptions): void {
  if (!/^wss?:\/\//.test(o.server)) reject(`server must be a ws:// or wss:// URL, got "${o.server}"`);
  if (!(o.backoffBaseMs > 0)) reject('backoffBaseMs must be > 0');
  if (!(o.backoffFactor >= 1)) reject('backoffFactor must be >= 1');
  if (!(o.backoffMaxMs >= o.backoffBaseMs)) reject('backoffMaxMs must be >= backoffBaseMs');
  if (!(o.stableAfterMs >= 0)) reject('stableAfterMs must be >= 0');
  if (!(o.deadServerTimeoutMs > 0)) reject('deadServerTimeoutMs must be > 0');
  if ((o.cert === undefined) !== (o.key === undefined)) reject('cert and key go together: give both or neither');
}

/** Throws QF_ERR_CLIENT_OPTIONS for a budget that cannot be met. */
export function validateBudget(b: DataBudget): void {
  if (!(Number.isInteger(b.maxWindows) && b.maxWindows > 0)) reject('budget maxWindows must be a positive integer');
  if (!(Number.isInteger(b.minNegatives) && b.minNegatives >= 0)) reject('budget minNegatives must be >= 0');
  if (b.minNegatives > b.maxWindows) reject('budget minNegatives cannot exceed maxWindows');
  if (!(Number.isInteger(b.miningCandidates) && b.miningCandidates >= 1)) {
    reject('budget miningCandidates must be an integer >= 1');
  }
}

/** Throws QF_ERR_CLIENT_OPTIONS for detection options out of range. */
export function validateDetectionOptions(o: DetectionOptions): void {
  if (!(o.hopSeconds > 0)) reject('hopSeconds must be > 0');
  if (!(o.threshold >= 0 && o.threshold <= 1)) reject('threshold must be in [0, 1]');
  if (!(Number.isInteger(o.batchSize) && o.batchSize > 0)) reject('batchSize must be a positive integer');
}
