/**
 * Limits that hold before a client has said who it is (issue #16, finding 4), over real sockets on
 * port 0: the payload limit is sized to the model, connections are capped in total and per address,
 * a refused connection's further frames are neither decoded nor logged, and a Hello announcing a frame
 * limit below the fit task is refused; after Hello, a session past its frame budget is cut undecoded while
 * honest sessions, whose replies are budgeted by the tasks they answer, run on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_CODES } from '@quakefed/coordinator';
import { withCoordinator } from './support/coordinator-harness.js';
import { TestClient, evaluateReply, helloFrame, shiftBy, upgradeResponse } from './support/test-client.js';

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

/** Options under which time adds next to nothing to a frame budget: only the burst and the tasks sent count. */
const FRAME_BUDGET = { frameBurst: 4, framesPerSecond: 0.001 };

/** A frame that does not decode: were it decoded, it would be logged as a bad_frame. */
const GARBAGE = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);

test('a session flooding frames past its budget is closed with 4105 and one log line, undecoded; a connected honest client still completes its round', async () => {
  // Three clients start the round: none starts while the flooder is connected, so no task adds to its budget.
  await withCoordinator({ rounds: 1, minAvailable: 3, minFit: 3, minFitResults: 3, ...FRAME_BUDGET }, async (h) => {
    const connect = (clientId: string): Promise<TestClient> =>
      TestClient.connect({ url: h.url, clientId, onFit: shiftBy(1, 5) });
    const honest = await connect('honest');
    const flooder = await TestClient.connect({ url: h.url, clientId: 'flooder' });
    // Hello spent one of the four frames: three heartbeats spend the rest, then 20 frames over the budget.
    for (let i = 0; i < 3; i++) flooder.send({ kind: 'heartbeat', timestampMs: i });
    for (let i = 0; i < 20; i++) flooder.sendRaw(GARBAGE);
    assert.equal(await flooder.closed, CLOSE_CODES.FRAME_RATE);
    assert.deepEqual(
      flooder.received.map((m) => (m.kind === 'error' ? m.code : m.kind)),
      ['welcome', 'QF_ERR_FRAME_RATE'],
    );
    await h.waitForLog('client_disconnected', (r) => r.clientId === 'flooder');
    const late = await Promise.all([connect('late-1'), connect('late-2')]);
    await h.coordinator.finished;
    assert.equal(h.coordinator.status().round, 1);
    assert.equal(honest.received.filter((m) => m.kind === 'fitIns').length, 1);
    assert.deepEqual(
      h.logs.filter((l) => l.msg === 'frame_rate_exceeded').map((l) => [l.clientId, l.occurrences]),
      [['flooder', 1]],
    );
    assert.equal(h.logs.filter((l) => l.msg === 'bad_frame').length, 0);
    for (const client of [honest, ...late]) client.terminate();
  });
});

test('a client answering every task of ten rounds is never cut, though that is far more frames than its burst', async () => {
  const rounds = 10;
  await withCoordinator(
    { rounds, minAvailable: 1, minFit: 1, minFitResults: 1, evaluateEvery: 1, frameBurst: 1, framesPerSecond: 0.001 },
    async (h) => {
      const client = await TestClient.connect({
        url: h.url,
        clientId: 'steady',
        onFit: shiftBy(1, 5),
        onEvaluate: (ins) => evaluateReply(ins),
      });
      await h.coordinator.finished;
      assert.equal(h.coordinator.status().round, rounds);
      assert.equal(client.received.filter((m) => m.kind === 'evaluateIns').length, rounds);
      assert.equal(h.logs.filter((l) => l.msg === 'frame_rate_exceeded').length, 0);
      assert.equal(h.coordinator.status().connected, 1);
      client.terminate();
    },
  );
});
