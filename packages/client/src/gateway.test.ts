import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataSource } from './gateway.js';

test("a miniseed source config's scan options reach the source (and are checked there)", () => {
  const source = { kind: 'miniseed' as const, dataDir: '/data', station: { latitude: 1, longitude: 2, elevationM: 0 } };
  assert.throws(() => createDataSource({ ...source, maxNegatives: 0 }, ['XX.ARC.00.HHZ']), {
    code: 'QF_ERR_CLIENT_OPTIONS',
    message: /maxNegatives/,
  });
  assert.throws(() => createDataSource({ ...source, scanChunkMinutes: -1 }, ['XX.ARC.00.HHZ']), {
    code: 'QF_ERR_CLIENT_OPTIONS',
    message: /scanChunkMinutes/,
  });
  assert.deepEqual(createDataSource(source, ['XX.ARC.00.HHZ']).stationIds, ['XX.ARC.00.HHZ']);
});
