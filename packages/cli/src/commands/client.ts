import type { Command } from 'commander';
import {
  ClientError,
  CLIENT_ERROR_CODES,
  DATA_BUDGET_DEFAULTS,
  mergeGatewayConfig,
  readGatewayConfig,
  runGateway,
  SYNTHETIC_SOURCE_DEFAULTS,
  type GatewayConfig,
  type SourceConfig,
} from '@quakefed/client';
import { createLogger, LOG_LEVELS, type LogFormat } from '@quakefed/core';
import { onBackendChosen } from '@quakefed/model';
import { addFlags, optionsFromTable, type FlagSpec } from '../flag-table.js';
import { addLogFormatOption, logFormatOf } from '../log-format.js';

/** Every flag of `quakefed client` that sets a gateway config key, and the key it sets. */
export const CLIENT_FLAGS: readonly FlagSpec[] = [
  {
    flags: '--server <url>',
    key: 'server',
    kind: 'string',
    help: 'coordinator WebSocket URL (ws:// or wss://; required here or in --config)',
  },
  {
    flags: '--token-file <file>',
    key: 'tokenFile',
    kind: 'string',
    help: "file holding this gateway's station token (coordinators with --tokens require one)",
    shownDefault: 'none',
  },
  {
    flags: '--ca-file <file>',
    key: 'caFile',
    kind: 'string',
    help: "PEM of the CA that signed the coordinator's certificate (pinned for wss://)",
    shownDefault: "Node's built-in CA list",
  },
  {
    flags: '--cert-file <file>',
    key: 'certFile',
    kind: 'string',
    help: "PEM of this gateway's client certificate, for a coordinator requiring one (with --key-file)",
    shownDefault: 'none',
  },
  {
    flags: '--key-file <file>',
    key: 'keyFile',
    kind: 'string',
    help: 'PEM private key of --cert-file',
    shownDefault: 'none',
  },
  {
    flags: '--station <NET.STA.LOC.CHA>',
    key: 'stationIds',
    kind: 'list',
    help: 'station id served by this gateway (repeatable; at least one required here or in --config)',
  },
  {
    flags: '--client-id <id>',
    key: 'clientId',
    kind: 'string',
    help: 'stable client id',
    shownDefault: 'the first station id',
  },
  {
    flags: '--data-dir <dir>',
    key: 'source.dataDir',
    kind: 'string',
    help: "the gateway's miniSEED archive (required: this or --synthetic-seed, here or in --config)",
  },
  {
    flags: '--catalogue <file>',
    key: 'source.catalogue',
    kind: 'string',
    help: 'earthquake catalogue labelling the archive (CSV or QuakeML)',
    shownDefault: 'none: every window is noise',
  },
  {
    flags: '--station-lat <deg>',
    key: 'source.station.latitude',
    kind: 'number',
    help: 'station latitude, degrees north (required with --data-dir)',
  },
  {
    flags: '--station-lon <deg>',
    key: 'source.station.longitude',
    kind: 'number',
    help: 'station longitude, degrees east (required with --data-dir)',
  },
  {
    flags: '--station-elev <m>',
    key: 'source.station.elevationM',
    kind: 'number',
    help: 'station elevation, metres',
    shownDefault: 0,
  },
  {
    flags: '--synthetic-seed <n>',
    key: 'source.seed',
    kind: 'integer',
    help: 'use a synthetic station with this seed instead of an archive (required: this or --data-dir)',
  },
  {
    flags: '--synthetic-windows <n>',
    key: 'source.windows',
    kind: 'integer',
    help: 'labelled windows the synthetic station holds',
    shownDefault: SYNTHETIC_SOURCE_DEFAULTS.windows,
  },
  {
    flags: '--max-windows <n>',
    key: 'budget.maxWindows',
    kind: 'integer',
    help: 'local data budget: most windows trained on per round',
    shownDefault: DATA_BUDGET_DEFAULTS.maxWindows,
  },
  {
    flags: '--mining-candidates <n>',
    key: 'budget.miningCandidates',
    kind: 'integer',
    help: 'noise windows scored per noise window trained on, in rounds whose fit config sets hardNegativeShare',
    shownDefault: DATA_BUDGET_DEFAULTS.miningCandidates,
  },
  {
    flags: '--log-level <level>',
    key: 'logLevel',
    kind: 'string',
    help: 'log level',
    choices: LOG_LEVELS,
    shownDefault: 'info',
  },
  {
    flags: '--backend <name>',
    key: 'backend',
    kind: 'string',
    help: 'compute backend preference',
    choices: ['auto', 'tfjs-node', 'wasm-qf', 'wasm', 'cpu'],
    shownDefault: 'auto',
  },
  {
    flags: '--train-threads <n>',
    key: 'trainThreads',
    kind: 'integer',
    help: 'threads each training step is shared between (fused engine on wasm-qf; pays where cores are idle)',
    shownDefault: 1,
  },
];

/** Source keys that only a synthetic station has; any other source key names a miniSEED archive. */
const SYNTHETIC_KEYS = new Set(['seed', 'windows']);

const invalid = (message: string) => new ClientError(CLIENT_ERROR_CODES.badOptions, message);

/**
 * Flags → the part of a gateway config they set (only the flags that were given); the source's kind
 * follows from its keys. Throws QF_ERR_CLIENT_OPTIONS for flags that name two data sources.
 */
export function configFromFlags(parsed: Record<string, unknown>): Partial<GatewayConfig> {
  const out = optionsFromTable(CLIENT_FLAGS, parsed);
  const source = out.source as Record<string, unknown> | undefined;
  if (source) {
    const keys = Object.keys(source);
    const synthetic = keys.filter((k) => SYNTHETIC_KEYS.has(k));
    if (synthetic.length > 0 && synthetic.length < keys.length) {
      throw invalid('--data-dir/--catalogue/--station-* and --synthetic-* are two different data sources: give one');
    }
    out.source = { kind: synthetic.length > 0 ? 'synthetic' : 'miniseed', ...source } as SourceConfig;
  }
  return out as Partial<GatewayConfig>;
}

/** `quakefed client`: a gateway's federated client (runs until SIGTERM/SIGINT). */
export function registerClient(program: Command): void {
  const cmd = program
    .command('client')
    .description('run a gateway client: train on local data in federated rounds (see docs/deployment.md)')
    .option('--config <file.json>', 'JSON config file (flags override it; default: none)');
  addLogFormatOption(addFlags(cmd, CLIENT_FLAGS, invalid)).action(
    async (flags: Record<string, unknown> & { config?: string; logFormat?: LogFormat }) => {
      const file = flags.config ? await readGatewayConfig(flags.config) : {};
      const config = mergeGatewayConfig(file, configFromFlags(flags));
      const logger = createLogger({ level: config.logLevel, format: logFormatOf(flags.logFormat) });
      onBackendChosen((backend) => logger.info('backend', { backend }));
      await runGateway(config, logger);
    },
  );
}
