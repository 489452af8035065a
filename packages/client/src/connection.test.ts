import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeMessage, encodeMessage, type Message } from '@quakefed/proto';
import { Backoff } from './backoff.js';
import { Connection, type ConnectionHandlers } from './connection.js';
import { CONNECTION_DEFAULTS } from './defaults.js';
import { silentLogger } from '@quakefed/core';

/** A WebSocket server on port 0 that hands each new peer socket to the test. */
async function server(): Promise<{ wss: WebSocketServer; url: string; next: () => Promise<WebSocket> }> {
  const wss = new WebSocketServer({ port: 0 });
  await once(wss, 'listening');
  const queue: WebSocket[] = [];
  const waiters: ((s: WebSocket) => void)[] = [];
  wss.on('connection', (s) => {
    s.on('error', () => {});
    const w = waiters.shift();
    if (w) w(s);
    else queue.push(s);
  });
  const port = (wss.address() as { port: number }).port;
  return {
    wss,
    url: `ws://127.0.0.1:${port}`,
    next: () => new Promise((resolve) => (queue.length ? resolve(queue.shift()!) : waiters.push(resolve))),
  };
}

/** Handlers that record closes and forward messages to a queue. */
function recorder(): ConnectionHandlers & {
  closes: { code: number; reconnectInMs: number | null }[];
  messages: Message[];
} {
  const closes: { code: number; reconnectInMs: number | null }[] = [];
  const messages: Message[] = [];
  return { closes, messages, onOpen() {}, onMessage: (m) => messages.push(m), onClose: (c) => closes.push(c) };
}

const fast = { ...CONNECTION_DEFAULTS, backoffBaseMs: 5, backoffMaxMs: 20, jitterSeed: 1 };

/** A started connection to a fresh server, both closed after the test. */
async function connected(
  t: { after: (fn: () => Promise<void>) => void },
  handlers: (conn: () => Connection) => ConnectionHandlers,
  overrides: Partial<typeof fast> = {},
): Promise<{ conn: Connection; next: () => Promise<WebSocket> }> {
  const { wss, url, next } = await server();
  const conn: Connection = new Connection(
    { ...fast, ...overrides, server: url },
    handlers(() => conn),
    silentLogger,
    () => 0.5,
  );
  t.after(async () => {
    await conn.stop();
    wss.close();
  });
  conn.start();
  return { conn, next };
}

test('the connection reconnects by itself after the server drops it', async (t) => {
  const { next } = await connected(t, recorder);
  (await next()).terminate();
  const second = await next();
  assert.equal(second.readyState, 1);
});

test('a silent server is declared dead and the connection is re-opened', async (t) => {
  const rec = recorder();
  const { next } = await connected(t, () => rec, { deadServerTimeoutMs: 50 });
  await next(); // never says anything
  await next();
  assert.ok(rec.closes.length >= 1);
});

test('a Reconnect message is honoured with the server-given delay', async (t) => {
  const rec = recorder();
  const { next } = await connected(t, (conn) => ({
    ...rec,
    onMessage: (m) => void (m.kind === 'reconnect' && conn().reconnectAfter(m.delayMs, m.reason)),
  }));
  (await next()).send(encodeMessage({ kind: 'reconnect', delayMs: 30, reason: 'maintenance' }));
  await next();
  assert.deepEqual(
    rec.closes.map((c) => c.reconnectInMs),
    [30],
  );
});

test('a Reconnect delay longer than a timer can hold is cut to the longest one, not fired at once', async (t) => {
  const rec = recorder();
  let closed!: () => void;
  const gotClose = new Promise<void>((resolve) => (closed = resolve));
  const { next } = await connected(t, (conn) => ({
    ...rec,
    onMessage: (m) => void (m.kind === 'reconnect' && conn().reconnectAfter(m.delayMs, m.reason)),
    onClose: (c) => {
      rec.onClose(c);
      closed();
    },
  }));
  (await next()).send(encodeMessage({ kind: 'reconnect', delayMs: 2 ** 32 - 1, reason: 'long maintenance' }));
  await gotClose;
  assert.deepEqual(
    rec.closes.map((c) => c.reconnectInMs),
    [2 ** 31 - 1],
  );
});

test('an undecodable frame is answered with an Error and a protocol close code', async (t) => {
  const { next } = await connected(t, recorder);
  const peer = await next();
  const reply = once(peer, 'message');
  const closed = once(peer, 'close');
  peer.send(Buffer.from([0xff, 0xff, 0xff]));
  const [data] = (await reply) as [Buffer];
  assert.equal(decodeMessage(data).kind, 'error');
  const [code] = (await closed) as [number];
  assert.ok(code >= 4000 && code < 5000, `close code ${code}`);
});

test('stop says goodbye and does not reconnect', async (t) => {
  const { wss, url, next } = await server();
  const rec = recorder();
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  const conn = new Connection({ ...fast, server: url }, { ...rec, onOpen: () => opened() }, silentLogger, () => 0.5);
  t.after(() => wss.close());
  conn.start();
  const peer = await next();
  const got = once(peer, 'message');
  await open;
  await conn.stop({ kind: 'bye', reason: 'test' });
  const [data] = (await got) as [Buffer];
  assert.deepEqual(decodeMessage(data), { kind: 'bye', reason: 'test' });
  assert.deepEqual(
    rec.closes.map((c) => c.reconnectInMs),
    [null],
  );
});

const STABLE_AFTER_MS = 1_000;

/**
 * A coordinator that Welcomes every connection, under fake `setTimeout` (the connection's reconnect
 * and stable-session timers), so sessions last an exact fake time and no test waits on the clock.
 * `session(upForMs)` serves the next connection: Welcome, `upForMs` of fake time, drop; it returns the
 * reconnect delay the client chose. The next session fast-forwards through that delay.
 */
async function welcomingCoordinator(t: TestContext): Promise<{ session: (upForMs: number) => Promise<number | null> }> {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let welcomed = (): void => {};
  let closed = (_reconnectInMs: number | null): void => {};
  const { next } = await connected(
    t,
    (conn) => ({
      onOpen() {},
      onMessage: (m) => {
        if (m.kind !== 'welcome') return;
        conn().established(m.heartbeatIntervalMs);
        welcomed();
      },
      onClose: (c) => closed(c.reconnectInMs),
    }),
    { stableAfterMs: STABLE_AFTER_MS },
  );
  let pendingDelayMs = 0;
  const welcome: Message = {
    kind: 'welcome',
    sessionId: 's',
    config: {},
    heartbeatIntervalMs: 0,
    tensorEncoding: 'f32',
  };
  return {
    async session(upForMs) {
      t.mock.timers.tick(pendingDelayMs);
      const peer = await next();
      await new Promise<void>((resolve) => {
        welcomed = resolve;
        peer.send(encodeMessage(welcome));
      });
      t.mock.timers.tick(upForMs);
      const reconnectInMs = await new Promise<number | null>((resolve) => {
        closed = resolve;
        peer.terminate();
      });
      pendingDelayMs = reconnectInMs ?? 0;
      return reconnectInMs;
    },
  };
}

/** The first `n` delays of the schedule the connections above use (same options, same jitter). */
function backoffSchedule(n: number): number[] {
  const backoff = new Backoff(
    { baseMs: fast.backoffBaseMs, factor: fast.backoffFactor, maxMs: fast.backoffMaxMs },
    () => 0.5,
  );
  return Array.from({ length: n }, () => backoff.nextDelayMs());
}

test('a coordinator that Welcomes and drops at once is redialled on a growing backoff, not at the first delay forever', async (t) => {
  const { session } = await welcomingCoordinator(t);
  const delays: (number | null)[] = [];
  for (let i = 0; i < 4; i++) delays.push(await session(0));
  assert.deepEqual(delays, backoffSchedule(4));
});

test('a session that stays up stableAfterMs after its Welcome starts the backoff again', async (t) => {
  const { session } = await welcomingCoordinator(t);
  const [first, second] = backoffSchedule(2);
  assert.equal(await session(0), first);
  assert.equal(await session(STABLE_AFTER_MS - 1), second, 'a session just short of stable does not reset');
  assert.equal(await session(STABLE_AFTER_MS), first);
});
