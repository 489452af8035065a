/**
 * Running a client as a gateway service: build the data source from the config, start the client, and
 * turn SIGTERM/SIGINT into a graceful stop (what systemd sends on `systemctl stop`).
 */
import { readFile } from 'node:fs/promises';
import type { BackendPreference } from '@quakefed/model';
import { FederatedClient } from './client.js';
import type { DataSource } from './data-source.js';
import { checkSourcePaths, type GatewayConfig, type SourceConfig } from './gateway-config.js';
import { createLogger, type Logger } from '@quakefed/core';
import { MiniSeedDirectorySource } from './sources/miniseed-directory.js';
import { SyntheticStationSource } from './sources/synthetic.js';
import { InProcessTrainer } from './trainer.js';

/** The data source a config describes; `logger` hears of archive files it skips. */
export function createDataSource(source: SourceConfig, stationIds: readonly string[], logger?: Logger): DataSource {
  if (source.kind === 'synthetic') {
    return new SyntheticStationSource({
      stationId: stationIds[0]!,
      seed: source.seed,
      ...(source.windows ? { windows: source.windows } : {}),
    });
  }
  const { kind: _kind, ...options } = source;
  return new MiniSeedDirectorySource({ ...options, stationIds, ...(logger ? { logger } : {}) });
}

/**
 * Starts a gateway client and keeps it running; resolves once it has stopped after SIGTERM/SIGINT.
 * A second signal while stopping exits at once (an operator who insists).
 */
export async function runGateway(
  config: GatewayConfig,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<void> {
  const {
    source: sourceConfig,
    logLevel: _logLevel,
    backend,
    trainThreads,
    tokenFile,
    caFile,
    certFile,
    keyFile,
    ...clientOptions
  } = config;
  if (tokenFile) clientOptions.token = (await readFile(tokenFile, 'utf8')).trim();
  if (caFile) clientOptions.ca = await readFile(caFile, 'utf8');
  // Both or neither: resolveClientOptions refuses a certificate without its key and the reverse.
  if (certFile) clientOptions.cert = await readFile(certFile, 'utf8');
  if (keyFile) clientOptions.key = await readFile(keyFile, 'utf8');
  await checkSourcePaths(sourceConfig);
  const source = createDataSource(sourceConfig, config.stationIds, logger);
  const trainer = new InProcessTrainer(undefined, backend as BackendPreference | undefined, trainThreads);
  const client = new FederatedClient(clientOptions, { source, trainer, logger });
  const stopped = new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      signals += 1;
      if (signals > 1) process.exit(130);
      logger.info('signal', { signal });
      void client.stop(`gateway ${signal}`).then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  logger.info('starting', { clientId: client.clientId, server: config.server, source: sourceConfig.kind });
  const summary = await source.summary();
  logger.info('data_summary', { ...summary });
  await client.start();
  await stopped;
}
