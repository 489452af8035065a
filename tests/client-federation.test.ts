/**
 * Real gateway clients (synthetic stations, small budgets) against the real coordinator on port 0:
 * rounds complete, and across a coordinator restart (which asks them to, with Reconnect) the clients
 * reconnect and training continues from the checkpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Coordinator, RESTART_RECONNECT_DELAY_MS, type CoordinatorOptions } from '@quakefed/coordinator';
import { createLogger, type LogRecord } from '@quakefed/core';
import { FederatedClient, SyntheticStationSource } from '@quakefed/client';

const CLIENTS = 3;

/** A coordinator whose log records are observable: `when(event, predicate)` resolves on a match. */
function observedCoordinator(options: Partial<CoordinatorOptions>): {
  coordinator: Coordinator;
  when: (event: string, predicate?: (r: LogRecord) => boolean) => Promise<LogRecord>;
} {
  const waiters: { event: string; predicate: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }[] = [];
  const logger = createLogger({
    level: 'info',
    write: () => {},
    onRecord: (record) => {
      for (const w of [...waiters]) {
        if (w.event === record.msg && w.predicate(record)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(record);
        }
      }
    },
  });
  return {
    coordinator: new Coordinator(options, { logger }),
    when: (event, predicate = () => true) => new Promise((resolve) => waiters.push({ event, predicate, resolve })),
  };
}

function coordinatorOptions(stateDir: string, port: number, rounds: number): Partial<CoordinatorOptions> {
  return {
    host: '127.0.0.1',
    port,
    rounds,
    minAvailable: CLIENTS,
    minFit: CLIENTS,
    minFitResults: CLIENTS,
    evaluateEvery: 2,
    minEvaluate: CLIENTS,
    stateDir,
    retryDelayMs: 10,
    logLevel: 'info',
    strategy: { name: 'fedavg', fitConfig: { epochs: 1, batchSize: 16, learningRate: 0.001, loss: 'focal' } },
  };
}

test('synthetic gateway clients complete rounds and survive a coordinator restart', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'qf-client-fed-'));
  const first = observedCoordinator(coordinatorOptions(stateDir, 0, 4));
  const { port, url } = await first.coordinator.start();
  let second: ReturnType<typeof observedCoordinator> | null = null;

  const clients = Array.from({ length: CLIENTS }, (_, i) => {
    const stationId = `SY.G${i}.00.HHZ`;
    return new FederatedClient(
      {
        server: url,
        stationIds: [stationId],
        jitterSeed: 100 + i,
        backoffBaseMs: 20,
        backoffMaxMs: 200,
        budget: { maxWindows: 24, minNegatives: 8, seed: i },
      },
      { source: new SyntheticStationSource({ stationId, seed: 1000 + i, windows: 48, positiveFraction: 0.25 }) },
    );
  });
  const welcomes = clients.map(() => 0);
  const fitRounds: number[][] = clients.map(() => []);
  const reconnectDelays: (number | null)[][] = clients.map(() => []);
  clients.forEach((c, i) => {
    c.on('welcome', () => (welcomes[i]! += 1));
    c.on('disconnected', (e) => reconnectDelays[i]!.push(e.reconnectInMs));
    c.on('fitDone', (e) => e.ok && fitRounds[i]!.push(e.round));
  });
  t.after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await first.coordinator.stop();
    await second?.coordinator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const secondRoundCommitted = first.when('round_committed', (r) => r.round === 2);
  await Promise.all(clients.map((c) => c.start()));
  await secondRoundCommitted;
  await first.coordinator.stop();

  // Same port and state directory: the clients only know the URL, and must find their way back.
  second = observedCoordinator(coordinatorOptions(stateDir, port, 4));
  const resumed = second.when('resumed');
  await second.coordinator.start();
  assert.equal((await resumed).round, 2);
  await second.coordinator.finished;

  assert.equal(second.coordinator.status().round, 4);
  for (let i = 0; i < CLIENTS; i++) {
    assert.ok(welcomes[i]! >= 2, `client ${i} was welcomed ${welcomes[i]} times`);
    assert.ok(fitRounds[i]!.includes(1) && fitRounds[i]!.includes(4), `client ${i} trained rounds ${fitRounds[i]}`);
    // The first coordinator stopped with rounds left: it asked the clients to come back (Reconnect).
    assert.equal(
      reconnectDelays[i]![0],
      RESTART_RECONNECT_DELAY_MS,
      `client ${i} reconnect delays ${reconnectDelays[i]}`,
    );
  }
});
