import type { Command } from 'commander';
import {
  ClientError,
  CLIENT_ERROR_CODES,
  mergeGatewayConfig,
  readGatewayConfig,
  runGateway,
  type GatewayConfig,
} from '@quakefed/client';

interface ClientFlags {
  server?: string;
  station?: string[];
  clientId?: string;
  dataDir?: string;
  catalogue?: string;
  stationLat?: string;
  stationLon?: string;
  stationElev?: string;
  syntheticSeed?: string;
  syntheticWindows?: string;
  maxWindows?: string;
  config?: string;
  logLevel?: GatewayConfig['logLevel'];
  backend?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * Flags → the part of a gateway config they set (only the flags that were given). Throws
 * QF_ERR_CLIENT_OPTIONS for flags that name two data sources.
 */
function configFromFlags(f: ClientFlags): Partial<GatewayConfig> {
  if (f.dataDir !== undefined && f.syntheticSeed !== undefined) {
    throw new ClientError(CLIENT_ERROR_CODES.badOptions, '--data-dir and --synthetic-seed are two different data sources: give one');
  }
  const out: Partial<GatewayConfig> = {};
  if (f.server !== undefined) out.server = f.server;
  if (f.station?.length) out.stationIds = f.station;
  if (f.clientId !== undefined) out.clientId = f.clientId;
  if (f.logLevel !== undefined) out.logLevel = f.logLevel;
  if (f.backend !== undefined) out.backend = f.backend;
  if (f.maxWindows !== undefined) out.budget = { maxWindows: Number(f.maxWindows) };
  if (f.dataDir !== undefined || f.catalogue !== undefined || f.stationLat !== undefined) {
    const station = {
      latitude: Number(f.stationLat),
      longitude: Number(f.stationLon),
      ...(f.stationElev !== undefined ? { elevationM: Number(f.stationElev) } : {}),
    };
    out.source = {
      kind: 'miniseed',
      ...(f.dataDir !== undefined ? { dataDir: f.dataDir } : {}),
      ...(f.catalogue !== undefined ? { catalogue: f.catalogue } : {}),
      ...(f.stationLat !== undefined ? { station } : {}),
    } as GatewayConfig['source'];
  }
  if (f.syntheticSeed !== undefined) {
    out.source = {
      kind: 'synthetic',
      seed: Number(f.syntheticSeed),
      ...(f.syntheticWindows !== undefined ? { windows: Number(f.syntheticWindows) } : {}),
    };
  }
  return out;
}

/** `quakefed client`: a gateway's federated client (runs until SIGTERM/SIGINT). */
export function registerClient(program: Command): void {
  program
    .command('client')
    .description('run a gateway client: train on local data in federated rounds (see docs/deployment.md)')
    .option('--server <url>', 'coordinator WebSocket URL (ws:// or wss://)')
    .option('--station <NET.STA.LOC.CHA>', 'station id served by this gateway (repeatable)', collect)
    .option('--client-id <id>', 'stable client id (default: the first station id)')
    .option('--data-dir <dir>', "the gateway's miniSEED archive")
    .option('--catalogue <file>', 'earthquake catalogue labelling the archive (CSV or QuakeML)')
    .option('--station-lat <deg>', 'station latitude')
    .option('--station-lon <deg>', 'station longitude')
    .option('--station-elev <m>', 'station elevation, metres')
    .option('--synthetic-seed <n>', 'use a synthetic station with this seed instead of an archive')
    .option('--synthetic-windows <n>', 'labelled windows the synthetic station holds')
    .option('--max-windows <n>', 'local data budget: most windows trained on per round')
    .option('--config <file.json>', 'JSON config file (flags override it)')
    .option('--log-level <level>', 'debug | info | warn | error')
    .option('--backend <name>', 'compute backend preference (auto | tfjs-node | wasm-qf | wasm | cpu)')
    .action(async (flags: ClientFlags) => {
      const file = flags.config ? await readGatewayConfig(flags.config) : {};
      await runGateway(mergeGatewayConfig(file, configFromFlags(flags)));
    });
}
