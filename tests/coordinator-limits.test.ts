/**
 * Limits that hold before a client has said who it is (issue #16, finding 4), over real sockets on
 * port 0: the payload limit is sized to the model, connections are capped in total and per address,
 * a refused connection's further frames are neither decoded nor logged, and a Hello announcing a frame
 * limit below the fit task is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_CODES } from '@quakefed/coordinator';
import { withCoordinator } from './support/coordinator-harness.js';
import { TestClient, helloFrame, upgradeResponse } from './support/test-client.js';

const IDLE = { rounds: 1, minAvailable: 5, minFit: 5, minFitResults: 5 }; // waits for clients forever
const MIB = 1024 * 1024;

/** The HTTP status an upgrade to `url` is answered with; a refusal at a cap says when to come back. */
async function upgradeStatus(url: string): Promise<number> {
  const { status, retryAfter } = await upgradeResponse(url);
  if (status === 503) assert.equal(retryAfter, '30');
  return status;
}

test('the payload limit is sized to the model (1 MiB floor for a small one): a 2 MiB frame is closed with 1009 undecoded', async () => {
  await withCoordinator(IDLE, async (h) => {
    assert.equal((await h.waitForLog('listening')).maxPayloadBytes, MIB);
    const raw = await TestClient.open(h.url);
    raw.sendRaw(new Uint8Array(2 * MIB));
    assert.equal(await raw.closed, 1009);
    assert.equal(h.logs.filter((l) => l.msg === 'bad_frame').length, 0);
  });
});

test('past maxConnections an upgrade is answered 503 with Retry-After; a freed slot admits again', async () => {
  await withCoordinator({ ...IDLE, maxConnections: 2 }, async (h) => {
    const [a, b] = await Promise.all([TestClient.open(h.url), TestClient.open(h.url)]);
    assert.equal(await upgradeStatus(h.url), 503);
    a.terminate();
    await h.waitForLog('connection_closed');
    const c = await TestClient.open(h.url);
    b.terminate();
    c.terminate();
  });
});

test('past maxConnectionsPerAddress an upgrade from that address is answered 503', async () => {
  await withCoordinator({ ...IDLE, maxConnectionsPerAddress: 1 }, async (h) => {
    const first = await TestClient.open(h.url);
    assert.equal(await upgradeStatus(h.url), 503);
    assert.equal((await h.waitForLog('connection_refused')).reason, '127.0.0.1 holds its maximum of 1 connections');
    first.terminate();
  });
});

test('frames after a refusal are neither decoded nor logged: 50 garbage frames in a burst give one bad_frame line', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    for (let i = 0; i < 50; i++) raw.sendRaw(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, i]));
    await raw.closed;
    assert.deepEqual(
      h.logs.filter((l) => l.msg === 'bad_frame').map((l) => l.occurrences),
      [1],
    );
  });
});

test('a Hello announcing maxMessageBytes below the fit task is refused in the handshake', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    const answer = Promise.race([raw.next('error'), raw.next('welcome')]);
    raw.sendRaw(helloFrame('tiny', 16));
    const first = await answer;
    assert.equal(first.kind, 'error');
    assert.match(first.kind === 'error' ? first.message : '', /accepts frames up to 16 bytes/);
    assert.equal(await raw.closed, CLOSE_CODES.BAD_HELLO);
  });
});
