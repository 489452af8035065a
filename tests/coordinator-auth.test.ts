/**
 * Station identity (issue #16, finding 1), over real sockets on port 0: without its token nobody can
 * take over a station id (the impostor is refused, the real session stays), a token opens only its own
 * id, tokens are added and revoked by editing the file, `/status` and `/model` need a read token, a
 * browser Origin is refused, the coordinator binds 127.0.0.1 unless told otherwise, and with a
 * certificate it serves wss:// to clients that pin its CA, and with a client CA (mTLS) it admits only
 * clients presenting a certificate that CA signed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import { CONNECTION_DEFAULTS, Connection } from '@quakefed/client';
import { CLOSE_CODES, hashToken, resolveCoordinatorOptions } from '@quakefed/coordinator';
import { silentLogger } from '@quakefed/core';
import { withCoordinator, type Harness } from './support/coordinator-harness.js';
import { makeTestCertificates } from './support/test-certificates.js';
import { TestClient, helloFrame, upgradeResponse } from './support/test-client.js';

const IDLE = { rounds: 1, minAvailable: 5, minFit: 5, minFitResults: 5 }; // waits for clients forever
const TOKEN_A = 'gw-a.0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const TOKEN_B = 'gw-b.a1b2c3d4e5f60718293a4b5c6d7e8f90';
const READER = 'dashboard-9c8b7a6f5e4d3c2b1a';
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** Writes the tokens file for `stations` (client id → token) and `readers`, with a fresh modification time. */
async function writeTokens(
  path: string,
  stations: Record<string, string>,
  readers: string[],
  mtimeSeconds: number,
): Promise<void> {
  const hashed = Object.fromEntries(Object.entries(stations).map(([id, token]) => [id, hashToken(token)]));
  await writeFile(path, JSON.stringify({ stations: hashed, readers: readers.map(hashToken) }));
  await utimes(path, mtimeSeconds, mtimeSeconds); // distinct times, so a rewrite within one clock tick is still seen
}

async function withTokens(extra: object, body: (h: Harness, tokensFile: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-auth-'));
  const tokensFile = join(dir, 'tokens.json');
  try {
    await writeTokens(tokensFile, { 'gw-a': TOKEN_A }, [READER], 1_000);
    await withCoordinator({ ...IDLE, tokensFile, ...extra }, (h) => body(h, tokensFile));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const upgradeStatus = async (url: string, options?: WebSocket.ClientOptions): Promise<number> =>
  (await upgradeResponse(url, options)).status;

test('the coordinator binds 127.0.0.1 unless a host is given', () => {
  assert.equal(resolveCoordinatorOptions().host, '127.0.0.1');
});

test('an impostor without the station token is refused (401) and the real session stays connected', async () => {
  await withTokens({}, async (h) => {
    const real = await TestClient.connect({ url: h.url, clientId: 'gw-a', socket: bearer(TOKEN_A) });
    assert.equal(await upgradeStatus(h.url), 401);
    assert.equal(await upgradeStatus(h.url, bearer('gw-a.guessed')), 401);
    assert.deepEqual(
      h.coordinator.status().connectedClients.map((c) => c.id),
      ['gw-a'],
    );
    assert.equal(real.socket.readyState, WebSocket.OPEN);
    // The holder of the token may replace its own session (a gateway reconnecting).
    const again = await TestClient.connect({ url: h.url, clientId: 'gw-a', socket: bearer(TOKEN_A) });
    assert.equal(await real.closed, CLOSE_CODES.REPLACED);
    again.terminate();
  });
});

test("a token opens only its own client id: gw-a's token cannot say Hello as gw-b", async () => {
  await withTokens({}, async (h) => {
    const raw = await TestClient.open(h.url, bearer(TOKEN_A));
    const answer = Promise.race([raw.next('error'), raw.next('welcome')]);
    raw.sendRaw(helloFrame('gw-b'));
    const first = await answer;
    assert.equal(first.kind === 'error' && /token presented is for client gw-a/.test(first.message), true);
    assert.equal(await raw.closed, CLOSE_CODES.BAD_HELLO);
  });
});

test('tokens are added and revoked by rewriting the file, without a restart', async () => {
  await withTokens({}, async (h, tokensFile) => {
    assert.equal(await upgradeStatus(h.url, bearer(TOKEN_B)), 401);
    await writeTokens(tokensFile, { 'gw-a': TOKEN_A, 'gw-b': TOKEN_B }, [], 2_000);
    assert.equal(await upgradeStatus(h.url, bearer(TOKEN_B)), 101);
    await writeTokens(tokensFile, { 'gw-b': TOKEN_B }, [], 3_000);
    assert.equal(await upgradeStatus(h.url, bearer(TOKEN_A)), 401);
    // A file that no longer parses keeps the tokens in force and is reported.
    await writeFile(tokensFile, '{ not json');
    await utimes(tokensFile, 4_000, 4_000);
    assert.equal(await upgradeStatus(h.url, bearer(TOKEN_B)), 101);
    assert.ok(h.logs.some((l) => l.msg === 'tokens_reload_failed'));
  });
});

test('/status and /model need a read or station token; /healthz does not', async () => {
  await withTokens({}, async (h) => {
    assert.equal((await fetch(`${h.http}/status`)).status, 401);
    assert.equal((await fetch(`${h.http}/model/weights.bin`)).status, 401);
    assert.equal((await fetch(`${h.http}/status`, bearer('wrong'))).status, 401);
    assert.equal((await fetch(`${h.http}/status`, bearer(READER))).status, 200);
    assert.equal((await fetch(`${h.http}/model/weights.bin`, bearer(TOKEN_A))).status, 200);
    assert.equal((await fetch(`${h.http}/healthz`)).status, 200);
  });
});

test('publicRead opens /status and /model to anyone while sessions still need a token', async () => {
  await withTokens({ publicRead: true }, async (h) => {
    assert.equal((await fetch(`${h.http}/status`)).status, 200);
    assert.equal(await upgradeStatus(h.url), 401);
  });
});

test('an upgrade from a browser Origin is refused (403) unless the origin is allowed', async () => {
  await withCoordinator({ ...IDLE, allowedOrigins: ['https://ops.example'] }, async (h) => {
    assert.equal(await upgradeStatus(h.url, { origin: 'https://evil.example' }), 403);
    assert.equal(await upgradeStatus(h.url, { origin: 'https://ops.example' }), 101);
    assert.equal(await upgradeStatus(h.url), 101);
  });
});

/** Runs `body` with `files` (name → text) written into a fresh temporary directory, by name → path. */
async function withFiles(
  files: Record<string, string>,
  body: (paths: Record<string, string>) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-tls-'));
  try {
    const paths: Record<string, string> = {};
    for (const [name, text] of Object.entries(files)) {
      paths[name] = join(dir, name);
      await writeFile(paths[name], text);
    }
    await body(paths);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('with a certificate the coordinator serves wss:// and https://: a client pinning its CA joins with its token, one trusting only the system CAs cannot', async () => {
  const { caCert, serverCert, serverKey } = makeTestCertificates();
  await withFiles({ 'server.pem': serverCert, 'server.key': serverKey }, async (files) => {
    const tokensFile = join(dirname(files['server.pem']!), 'tokens.json');
    await writeTokens(tokensFile, { 'gw-a': TOKEN_A }, [READER], 1_000);
    const tls = { tlsCert: files['server.pem']!, tlsKey: files['server.key']! };
    await withCoordinator({ ...IDLE, tokensFile, ...tls }, async (h) => {
      assert.match(h.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
      const client = await TestClient.connect({
        url: h.url,
        clientId: 'gw-a',
        socket: { ...bearer(TOKEN_A), ca: caCert },
      });
      assert.deepEqual(
        h.coordinator.status().connectedClients.map((c) => c.id),
        ['gw-a'],
      );
      client.terminate();
      const untrusting = new WebSocket(h.url, bearer(TOKEN_A));
      const [error] = (await once(untrusting, 'error')) as [NodeJS.ErrnoException];
      assert.equal(error.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      const https = await new Promise<number>((resolve, reject) => {
        request(`${h.http}/status`, { ca: caCert, headers: bearer(READER).headers }, (res) =>
          resolve(res.statusCode ?? 0),
        )
          .on('error', reject)
          .end();
      });
      assert.equal(https, 200);
    });
  });
});

test('with a client CA (mTLS) only clients presenting a certificate it signed get through the TLS handshake; the gateway connection presents its own', async () => {
  const ours = makeTestCertificates('gw-m');
  const theirs = makeTestCertificates('gw-m'); // the same name, certified by another CA
  const files = { 'server.pem': ours.serverCert, 'server.key': ours.serverKey, 'clients-ca.pem': ours.caCert };
  await withFiles(files, async (paths) => {
    const tls = { tlsCert: paths['server.pem']!, tlsKey: paths['server.key']!, tlsClientCa: paths['clients-ca.pem']! };
    await withCoordinator({ ...IDLE, ...tls }, async (h) => {
      const ca = ours.caCert;
      const client = await TestClient.connect({
        url: h.url,
        clientId: 'gw-m',
        socket: { ca, cert: ours.clientCert, key: ours.clientKey },
      });
      assert.deepEqual(
        h.coordinator.status().connectedClients.map((c) => c.id),
        ['gw-m'],
      );
      client.terminate();
      for (const presented of [{}, { cert: theirs.clientCert, key: theirs.clientKey }]) {
        await assert.rejects(once(new WebSocket(h.url, { ca, ...presented }), 'open'));
      }
      const options = { ...CONNECTION_DEFAULTS, server: h.url, ca, cert: ours.clientCert, key: ours.clientKey };
      let gateway!: Connection;
      const open = new Promise<void>((resolve, reject) => {
        const handlers = {
          onOpen: resolve,
          onMessage: () => {},
          onClose: ({ code }: { code: number }) =>
            reject(new Error(`gateway connection closed (${code}) before opening`)),
        };
        gateway = new Connection(options, handlers, silentLogger, () => 0.5);
      });
      gateway.start();
      await open;
      await gateway.stop();
    });
  });
});

test('tlsClientCa without a server certificate is refused at start-up', async () => {
  await assert.rejects(
    withCoordinator({ ...IDLE, tlsClientCa: 'clients-ca.pem' }, async () => {}),
    {
      code: 'QF_ERR_INVALID_OPTIONS',
      message: /tlsClientCa needs tlsCert/,
    },
  );
});
