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
