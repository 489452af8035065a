import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientManager } from './client-manager.js';
import { silentLogger } from '@quakefed/core';
import { InMemoryClientProxy } from './transport/memory-proxy.js';

const logger = silentLogger;

test('a replaced session is closed and the manager keeps the new one', () => {
  const clients = new ClientManager(logger);
  const old = new InMemoryClientProxy({ id: 'x', stationIds: [], capabilities: {} }, {});
  const fresh = new InMemoryClientProxy({ id: 'x', stationIds: [], capabilities: {} }, {});
  clients.register(old);
  clients.register(fresh);
  clients.unregister(old); // the old session's late close must not remove the new one
  assert.equal(clients.get('x'), fresh);
  assert.deepEqual(old.received, ['close:4100']);
});

test('looking up a client that is not connected is QF_ERR_UNKNOWN_CLIENT', () => {
  assert.throws(
    () => new ClientManager(logger).get('ghost'),
    (e: { code?: string }) => e.code === 'QF_ERR_UNKNOWN_CLIENT',
  );
});

test('reconnectAll asks every client to come back after the delay and forgets them', () => {
  const clients = new ClientManager(logger);
  const a = new InMemoryClientProxy({ id: 'a', stationIds: [], capabilities: {} }, {});
  clients.register(a);
  clients.reconnectAll(5000, 'coordinator restarting');
  assert.deepEqual(a.received, ['reconnect:5000']);
  assert.equal(clients.count, 0);
});
