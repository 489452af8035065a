/**
 * The gateway's configuration file (JSON) and how command-line flags combine with it: flags win over
 * the file, the file wins over the defaults. Example (docs/deployment.md has the full story):
 *
 * ```json
 * {
 *   "server": "wss://coordinator.example.org:8443",
 *   "stationIds": ["AM.R24FA.00.EHZ"],
 *   "budget": { "maxWindows": 512 },
 *   "source": { "kind": "miniseed", "dataDir": "/var/lib/seedlink/archive",
 *               "catalogue": "/etc/quakefed/catalogue.csv",
 *               "station": { "latitude": 46.95, "longitude": 7.44, "elevationM": 560 } },
 *   "logLevel": "info"
 * }
 * ```
 */
import { access, readFile, stat } from 'node:fs/promises';
import type { ClientOptionsInput } from './client.js';
import { ClientError, CLIENT_ERROR_CODES } from './errors.js';
import type { LabellingOptions } from './defaults.js';
import type { LogLevel } from '@quakefed/core';
import type { StationCoordinates } from './sources/travel-time.js';

/** A gateway's archive labelled by a catalogue. */
export interface MiniSeedSourceConfig {
  kind: 'miniseed';
  dataDir: string;
  /** CSV or QuakeML catalogue; without one every window is a negative (no positives to learn from). */
  catalogue?: string;
  station: StationCoordinates;
  labelling?: Partial<LabellingOptions>;
  /** Negatives kept per set, and minutes of archive scanned at a time (defaults: MINISEED_SOURCE_DEFAULTS). */
  maxNegatives?: number;
  scanChunkMinutes?: number;
}

/** A synthetic station (simulations, demos, smoke tests of a deployment). */
export interface SyntheticSourceConfig {
  kind: 'synthetic';
  seed: number;
  /** Labelled windows the station holds (default: SYNTHETIC_SOURCE_DEFAULTS.windows). */
  windows?: number;
}

export type SourceConfig = MiniSeedSourceConfig | SyntheticSourceConfig;

/** Everything `quakefed client` needs. */
export type GatewayConfig = ClientOptionsInput & {
  source: SourceConfig;
  logLevel?: LogLevel;
  /** tfjs backend preference ('auto' by default; QUAKEFED_BACKEND overrides auto). */
  backend?: string;
  /**
   * Threads one training step's batch is shared between (the fused engine on wasm-qf; default 1): a
   * gateway with idle cores (a Raspberry Pi 4 has four) trains faster; a step waits for its slowest share.
   */
  trainThreads?: number;
  /** File holding this gateway's station token (kept out of the config, which is often world-readable). */
  tokenFile?: string;
  /** PEM file of the CA that signed the coordinator's certificate, pinned for `wss://`. */
  caFile?: string;
  /** PEM files of this gateway's client certificate and its key, for a coordinator that requires one (mTLS). */
  certFile?: string;
  keyFile?: string;
};

const TOP_LEVEL_KEYS = new Set([
  'server',
  'stationIds',
  'clientId',
  'budget',
  'source',
  'logLevel',
  'backend',
  'trainThreads',
  'backoffBaseMs',
  'backoffFactor',
  'backoffMaxMs',
  'stableAfterMs',
  'deadServerTimeoutMs',
  'connectTimeoutMs',
  'maxMessageBytes',
  'jitterSeed',
  'shutdownGraceMs',
  'evaluationThreshold',
  'histogramBins',
  'tokenFile',
  'caFile',
  'certFile',
  'keyFile',
]);

function badConfig(message: string): ClientError {
  return new ClientError(CLIENT_ERROR_CODES.badConfig, message);
}

/** Reads a JSON config file; unknown top-level keys are rejected (a typo must not be silently ignored). */
export async function readGatewayConfig(path: string): Promise<Partial<GatewayConfig>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw badConfig(`cannot read config ${path}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badConfig(`${path}: not a JSON object`);
  const unknown = Object.keys(parsed).filter((k) => !TOP_LEVEL_KEYS.has(k));
  if (unknown.length > 0) throw badConfig(`${path}: unknown keys ${unknown.join(', ')}`);
  renameDeprecatedLabellingKeys(parsed as { source?: unknown }, path);
  return parsed as Partial<GatewayConfig>;
}

/**
 * `source.labelling` keys renamed when the API spelt every time in seconds `…Seconds` (a speed
 * `…PerSecond`, #14). A file with the old key is still read, with a DeprecationWarning naming the new one.
 */
export const DEPRECATED_LABELLING_KEYS: Readonly<Record<string, keyof LabellingOptions>> = {
  vpKmPerS: 'vpKmPerSecond',
  arrivalUncertaintySec: 'arrivalUncertaintySeconds',
  minSignalSec: 'minSignalSeconds',
  windowHopSec: 'windowHopSeconds',
};

function renameDeprecatedLabellingKeys(config: { source?: unknown }, path: string): void {
  const labelling = (config.source as { labelling?: unknown } | null | undefined)?.labelling;
  if (typeof labelling !== 'object' || labelling === null || Array.isArray(labelling)) return;
  const l = labelling as Record<string, unknown>;
  for (const [old, current] of Object.entries(DEPRECATED_LABELLING_KEYS)) {
    if (!Object.hasOwn(l, old)) continue;
    if (Object.hasOwn(l, current))
      throw badConfig(`${path}: source.labelling sets both ${old} (deprecated) and ${current}: keep ${current}`);
    l[current] = l[old];
    delete l[old];
    process.emitWarning(`${path}: source.labelling.${old} is deprecated, use ${current}`, {
      type: 'DeprecationWarning',
      code: 'QF_DEP_LABELLING_KEY',
    });
  }
}

/** A source refined by another of the same kind; station coordinates merge key by key (`--station-elev` alone keeps the file's latitude). */
function mergeSameKind(file: SourceConfig, flags: SourceConfig): SourceConfig {
  const merged = { ...file, ...flags } as SourceConfig;
  if (
    merged.kind === 'miniseed' &&
    file.kind === 'miniseed' &&
    flags.kind === 'miniseed' &&
    file.station &&
    flags.station
  ) {
    merged.station = { ...file.station, ...flags.station };
  }
  return merged;
}

/**
 * Combines file and flags (flags win; `budget`, and `source` of the same kind, merge key by key) and checks that
 * the result names a server, at least one station and one data source.
 */
export function mergeGatewayConfig(file: Partial<GatewayConfig>, flags: Partial<GatewayConfig>): GatewayConfig {
  const merged = { ...file, ...flags } as Partial<GatewayConfig>;
  merged.budget = { ...file.budget, ...flags.budget };
  // A source of another kind on the command line replaces the file's; the same kind refines it.
  const sameKind = file.source && flags.source && file.source.kind === flags.source.kind;
  if (sameKind) merged.source = mergeSameKind(file.source!, flags.source!);
  else merged.source = flags.source ?? file.source;
  if (!merged.server) throw badConfig('no server: pass --server or set "server" in the config file');
  if (!merged.stationIds?.length) throw badConfig('no station: pass --station or set "stationIds"');
  const source = merged.source;
  if (!source) throw badConfig('no data source: pass --data-dir or --synthetic-seed, or set "source"');
  if (source.kind === 'miniseed') {
    if (!source.dataDir) throw badConfig('miniseed source needs a data directory (--data-dir)');
    const s = source.station;
    if (!s || !Number.isFinite(s.latitude) || !Number.isFinite(s.longitude)) {
      throw badConfig('miniseed source needs station coordinates (--station-lat, --station-lon)');
    }
    if (Math.abs(s.latitude) > 90) throw badConfig(`station latitude must be in [-90, 90] degrees, got ${s.latitude}`);
    if (Math.abs(s.longitude) > 180)
      throw badConfig(`station longitude must be in [-180, 180] degrees, got ${s.longitude}`);
  } else if (source.kind === 'synthetic') {
    if (!Number.isFinite(source.seed)) throw badConfig('synthetic source needs a numeric seed (--synthetic-seed)');
  } else {
    throw badConfig(`unknown source kind "${(source as { kind?: unknown }).kind}"`);
  }
  return merged as GatewayConfig;
}

/**
 * Checks that the paths a miniSEED source names exist before the gateway starts, so that a typo is one
 * line naming the path, not a file-system error from deep in the first scan.
 * @throws ClientError `QF_ERR_NO_DATA` for a data directory that is not one, `QF_ERR_CATALOGUE` for a catalogue that cannot be read
 */
export async function checkSourcePaths(source: SourceConfig): Promise<void> {
  if (source.kind !== 'miniseed') return;
  const isDirectory = await stat(source.dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory)
    throw new ClientError(
      CLIENT_ERROR_CODES.noData,
      `data directory ${source.dataDir} does not exist or is not a directory (--data-dir)`,
    );
  if (source.catalogue === undefined) return;
  await access(source.catalogue).catch((err: Error) => {
    throw new ClientError(
      CLIENT_ERROR_CODES.badCatalogue,
      `cannot read the catalogue ${source.catalogue} (--catalogue): ${err.message}`,
    );
  });
}
