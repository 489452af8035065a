/**
 * Load probes of issue #16, run with `npm run test:faults` (minutes and a few hundred MB; not part of
 * `npm test`). The coordinator runs as its own process (`quakefed coordinator`), so the resident memory
 * read from /proc is the coordinator's alone; each test prints its figures as one JSON line.
 *
 * - 1,000 concurrent gateways, each with its own station token, over TLS on loopback, are held through a
 *   committed round.
 * - Four connections each announcing a 255 MiB frame before Hello (which once grew the coordinator from
 *   0.20 to 1.52 GB) are closed at the payload limit, and the coordinator's memory stays bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken } from '@quakefed/coordinator';
import { spawnCoordinator, type CoordinatorProcess } from '../support/coordinator-process.js';
import { makeTestCertificates } from '../support/test-certificates.js';
import { TestClient, shiftBy } from '../support/test-client.js';

const MB = 1024 * 1024;

/** Resident memory of a process, bytes (Linux /proc). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) * 1024;
}

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-faults-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function stopped(coordinator: CoordinatorProcess): Promise<void> {
  coordinator.child.kill('SIGTERM');
  assert.equal(await coordinator.exited, 0);
}

test('1,000 token-authenticated gateways over TLS are held through a committed round', async () => {
  const gateways = 1000;
  await withDir(async (dir) => {
    const { caCert, serverCert, serverKey } = makeTestCertificates();
    const tokens = Array.from({ length: gateways }, (_, i) => `gw-${i}.${hashToken(`secret-${i}`).slice(0, 32)}`);
    const stations = Object.fromEntries(tokens.map((token, i) => [`gw-${i}`, hashToken(token)]));
    await writeFile(join(dir, 'tokens.json'), JSON.stringify({ stations, readers: [] }));
    await writeFile(join(dir, 'cert.pem'), serverCert);
    await writeFile(join(dir, 'key.pem'), serverKey);
    const coordinator = await spawnCoordinator([
      '--tokens',
      join(dir, 'tokens.json'),
      '--tls-cert',
      join(dir, 'cert.pem'),
      '--tls-key',
      join(dir, 'key.pem'),
      '--max-connections-per-address',
      String(2 * gateways),
      '--rounds',
      '1',
      '--min-available',
      String(gateways),
      '--fraction-fit',
      '0.05',
      '--min-fit',
      '50',
      '--min-fit-results',
      '50',
      '--evaluate-every',
      '0',
      '--log-level',
      'info',
    ]);
    const rssIdle = rssOf(coordinator.child.pid!);
    const clients: TestClient[] = [];
    // Connected a hundred at a time: the TLS handshakes of a thousand at once would only queue.
    for (let from = 0; from < gateways; from += 100) {
      clients.push(
        ...(await Promise.all(
          tokens.slice(from, from + 100).map((token, k) =>
            TestClient.connect({
              url: coordinator.url,
              clientId: `gw-${from + k}`,
              onFit: shiftBy(0.001, 10),
              socket: { ca: caCert, headers: { authorization: `Bearer ${token}` } },
            }),
          ),
        )),
      );
    }
    const committed = await coordinator.waitForLog('round_committed', (r) => r.round === 1);
    const rssHeld = rssOf(coordinator.child.pid!);
    assert.equal(clients.filter((c) => c.socket.readyState === c.socket.OPEN).length, gateways);
    console.log(
      JSON.stringify({
        probe: 'tls-token-gateways',
        gateways,
        roundCommitted: committed.round,
        coordinatorRssIdleMB: +(rssIdle / MB).toFixed(1),
        coordinatorRssHeldMB: +(rssHeld / MB).toFixed(1),
      }),
    );
    for (const c of clients) c.terminate();
    await stopped(coordinator);
  });
});

test('four 255 MiB frames before Hello are closed at the payload limit and leave the coordinator bounded', async () => {
  await withDir(async (dir) => {
    const coordinator = await spawnCoordinator([
      '--state-dir',
      join(dir, 'state'),
      '--rounds',
      '1',
      '--min-available',
      '5',
      '--min-fit',
      '5',
      '--min-fit-results',
      '5',
    ]);
    const before = rssOf(coordinator.child.pid!);
    const frame = new Uint8Array(255 * MB);
    const codes = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const raw = await TestClient.open(coordinator.url);
        raw.socket.on('error', () => {}); // the coordinator may cut the socket while the frame is still being written
        raw.sendRaw(frame);
        return raw.closed;
      }),
    );
    const after = rssOf(coordinator.child.pid!);
    console.log(
      JSON.stringify({
        probe: 'oversized-frames',
        closeCodes: codes,
        coordinatorRssBeforeMB: +(before / MB).toFixed(1),
        coordinatorRssAfterMB: +(after / MB).toFixed(1),
      }),
    );
    for (const code of codes) assert.ok(code === 1009 || code === 1006, `close code ${code}`);
    assert.ok(after - before < 64 * MB, `coordinator grew by ${((after - before) / MB).toFixed(1)} MB`);
    await stopped(coordinator);
  });
});
