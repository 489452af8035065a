/**
 * Coordinator sessions and HTTP over real sockets (port 0): handshake rules, malformed frames,
 * reconnects, heartbeats, shutdown and the status/model endpoints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_CODES, RESTART_RECONNECT_DELAY_MS } from '@quakefed/coordinator';
import { tensorBytes } from '@quakefed/model/layers-format';
import { CLOSE_CODE_BY_ERROR, PROTOCOL_VERSION, encodeMessage } from '@quakefed/proto';
import { smallModel, startCoordinator, withCoordinator } from './support/coordinator-harness.js';
import { TestClient, shiftBy } from './support/test-client.js';

const IDLE = { rounds: 1, minAvailable: 5, minFit: 5, minFitResults: 5 }; // waits for clients forever

test('a message before Hello is refused as an unknown client', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    const error = raw.next('error');
    raw.send({ kind: 'heartbeat', timestampMs: 1 });
    assert.equal((await error).code, 'QF_ERR_UNKNOWN_CLIENT');
    assert.equal(await raw.closed, CLOSE_CODES.UNKNOWN_CLIENT);
  });
});

test('a malformed frame gets an Error message and the protocol close code', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    const error = raw.next('error');
    raw.sendRaw(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const { code } = await error;
    assert.ok(Object.hasOwn(CLOSE_CODE_BY_ERROR, code), code);
    assert.equal(await raw.closed, CLOSE_CODE_BY_ERROR[code as keyof typeof CLOSE_CODE_BY_ERROR]);
  });
});

test('a Hello in another protocol version is refused with the version close code', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    const frame = encodeMessage({
      kind: 'hello',
      clientId: 'future',
      stationIds: [],
      capabilities: { backend: 'x', tensorEncodings: ['f32'], maxMessageBytes: 0 },
      dataSummary: { windows: 0, positives: 0, hours: 0 },
    });
    assert.deepEqual([frame[0], frame[1]], [0x08, PROTOCOL_VERSION]); // field 1 (varint): the version
    frame[1] = PROTOCOL_VERSION + 1;
    const error = raw.next('error');
    raw.sendRaw(frame);
    assert.equal((await error).code, 'QF_ERR_UNSUPPORTED_VERSION');
    assert.equal(await raw.closed, CLOSE_CODE_BY_ERROR.QF_ERR_UNSUPPORTED_VERSION);
  });
});

test('a connection that sends no Hello in time is refused with the hello-timeout close code', async () => {
  await withCoordinator({ ...IDLE, helloTimeoutMs: 20 }, async (h) => {
    const silent = await TestClient.open(h.url);
    // The refusal may arrive together with the handshake, so it is read from `received`, not awaited.
    assert.equal(await silent.closed, CLOSE_CODES.HELLO_TIMEOUT);
    assert.deepEqual(
      silent.received.map((m) => (m.kind === 'error' ? m.code : m.kind)),
      ['QF_ERR_CLIENT_FAILED'],
    );
    assert.equal(h.coordinator.status().connected, 0);
  });
});

test('a text frame is refused', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    raw.sendRaw('hello?');
    assert.equal(await raw.closed, CLOSE_CODES.TEXT_FRAME);
  });
});

test('a frame over maxPayloadBytes closes the connection before decoding', async () => {
  await withCoordinator({ ...IDLE, maxPayloadBytes: 4096 }, async (h) => {
    const raw = await TestClient.open(h.url);
    raw.sendRaw(new Uint8Array(10_000));
    assert.equal(await raw.closed, 1009); // RFC 6455 "message too big", sent by ws
  });
});

test('an overlong client id is refused in the handshake', async () => {
  await withCoordinator(IDLE, async (h) => {
    const raw = await TestClient.open(h.url);
    raw.sendRaw(
      encodeMessage({
        kind: 'hello',
        clientId: 'x'.repeat(500),
        stationIds: [],
        capabilities: { backend: 'x', tensorEncodings: ['f32'], maxMessageBytes: 0 },
        dataSummary: { windows: 0, positives: 0, hours: 0 },
      }),
    );
    assert.equal(await raw.closed, CLOSE_CODES.BAD_HELLO);
  });
});

test('a reconnect with the same id replaces the old session', async () => {
  await withCoordinator(IDLE, async (h) => {
    const first = await TestClient.connect({ url: h.url, clientId: 'gw-1' });
    const second = await TestClient.connect({ url: h.url, clientId: 'gw-1' });
    assert.equal(await first.closed, CLOSE_CODES.REPLACED);
    assert.deepEqual(
      h.coordinator.status().connectedClients.map((c) => c.id),
      ['gw-1'],
    );
    second.terminate();
  });
});

test('a peer that stops answering pings is disconnected', async () => {
  await withCoordinator({ ...IDLE, heartbeatIntervalMs: 30 }, async (h) => {
    const client = await TestClient.connect({ url: h.url, clientId: 'mute' });
    // Stop reading from the TCP socket: pings are no longer seen, so no pong goes back.
    (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await h.waitForLog('client_heartbeat_lost');
    await h.waitForLog('client_disconnected', (r) => r.clientId === 'mute');
    assert.equal(h.coordinator.status().connected, 0);
    client.terminate();
  });
});

test('stop with rounds left asks connected clients to reconnect (a restart)', async () => {
  const h = await startCoordinator(IDLE);
  const client = await TestClient.connect({ url: h.url, clientId: 'gw-2' });
  const reconnect = client.next('reconnect');
  await h.coordinator.stop();
  const message = await reconnect;
  assert.equal(message.delayMs, RESTART_RECONNECT_DELAY_MS);
  assert.match(message.reason, /restarting/);
  await client.closed;
});

test('stop after the last round says Bye to connected clients', async () => {
  const h = await startCoordinator({ rounds: 1, minAvailable: 1, minFit: 1, minFitResults: 1 });
  const client = await TestClient.connect({ url: h.url, clientId: 'gw-2b', onFit: shiftBy(1, 5) });
  await h.coordinator.finished;
  const bye = client.next('bye');
  await h.coordinator.stop();
  assert.match((await bye).reason, /shutting down/);
  await client.closed;
});

test('GET /healthz and /status describe the coordinator', async () => {
  await withCoordinator(IDLE, async (h) => {
    const client = await TestClient.connect({ url: h.url, clientId: 'gw-3', stationIds: ['AM.R24FA.00.EHZ'] });
    assert.deepEqual(await (await fetch(`${h.http}/healthz`)).json(), { ok: true });
    const status = (await (await fetch(`${h.http}/status`)).json()) as Record<string, unknown>;
    assert.equal(status.round, 0);
    assert.equal(status.phase, 'waiting');
    assert.equal(status.strategy, 'guard(fedavg)');
    assert.deepEqual(status.connectedClients, [{ id: 'gw-3', stationIds: ['AM.R24FA.00.EHZ'] }]);
    client.terminate();
  });
});

test('GET /model serves the latest global model in tfjs layers format', async () => {
  await withCoordinator({ rounds: 1, minAvailable: 1, minFit: 1, minFitResults: 1 }, async (h) => {
    const client = await TestClient.connect({ url: h.url, clientId: 'gw-4', onFit: shiftBy(1, 5) });
    await h.coordinator.finished;
    const modelJson = (await (await fetch(`${h.http}/model/model.json`)).json()) as {
      format: string;
      weightsManifest: { paths: string[]; weights: { name: string }[] }[];
    };
    assert.equal(modelJson.format, 'layers-model');
    assert.deepEqual(modelJson.weightsManifest[0]!.paths, ['weights.bin']);
    assert.deepEqual(
      modelJson.weightsManifest[0]!.weights.map((w) => w.name),
      smallModel().map((t) => t.name),
    );
    const weights = await fetch(`${h.http}/model/weights.bin`);
    assert.equal(weights.headers.get('x-quakefed-model-version'), '1');
    assert.deepEqual(new Uint8Array(await weights.arrayBuffer()), tensorBytes(h.coordinator.parameters));
    const rootRelative = (await (await fetch(`${h.http}/model`)).json()) as typeof modelJson;
    assert.deepEqual(rootRelative.weightsManifest[0]!.paths, ['model/weights.bin']);
    client.terminate();
  });
});

test('an unknown path is a 404', async () => {
  await withCoordinator(IDLE, async (h) => {
    assert.equal((await fetch(`${h.http}/nope`)).status, 404);
  });
});
