import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from './logger.js';
import { Coordinator } from './server.js';
import { constantParameters } from './testing/fixtures.js';

const notStarted = { code: 'QF_ERR_NOT_STARTED' };

test('a coordinator that was never started reports QF_ERR_NOT_STARTED for its state and its end', async () => {
  const coordinator = new Coordinator({ port: 0 }, { initialParameters: constantParameters(0), logger: createLogger('silent') });
  assert.throws(() => coordinator.status(), notStarted);
  assert.throws(() => coordinator.parameters, notStarted);
  await assert.rejects(coordinator.finished, notStarted);
});

test('stop during start-up waits for it and leaves no server listening', async () => {
  const coordinator = new Coordinator(
    { host: '127.0.0.1', port: 0 },
    { initialParameters: constantParameters(0), logger: createLogger('silent') },
  );
  const started = coordinator.start();
  await coordinator.stop();
  const { port } = await started;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), TypeError); // fetch's "connection refused"
});
