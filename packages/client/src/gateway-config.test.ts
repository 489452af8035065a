import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSourcePaths, mergeGatewayConfig, readGatewayConfig } from './gateway-config.js';

const file = {
  server: 'ws://file:1',
  stationIds: ['XX.A.00.HHZ'],
  budget: { maxWindows: 100, minNegatives: 10 },
  source: { kind: 'miniseed' as const, dataDir: '/data', station: { latitude: 1, longitude: 2 } },
};

test('flags override the config file, nested budget merges key by key', () => {
  const merged = mergeGatewayConfig(file, { server: 'ws://flag:2', budget: { maxWindows: 50 } });
  assert.equal(merged.server, 'ws://flag:2');
  assert.deepEqual(merged.budget, { maxWindows: 50, minNegatives: 10 });
});

test('a source of the same kind on the command line refines the file source', () => {
  const merged = mergeGatewayConfig(file, { source: { kind: 'miniseed', dataDir: '/other' } as never });
  assert.deepEqual(merged.source, { kind: 'miniseed', dataDir: '/other', station: { latitude: 1, longitude: 2 } });
});

test('a source of another kind on the command line replaces the file source', () => {
  const merged = mergeGatewayConfig(file, { source: { kind: 'synthetic', seed: 3 } });
  assert.deepEqual(merged.source, { kind: 'synthetic', seed: 3 });
});

test('a miniseed source without station coordinates is rejected', () => {
  assert.throws(() => mergeGatewayConfig({ ...file, source: { kind: 'miniseed', dataDir: '/d' } as never }, {}), {
    code: 'QF_ERR_CLIENT_CONFIG',
  });
});

test('a config without a server is rejected', () => {
  assert.throws(() => mergeGatewayConfig({ ...file, server: undefined } as never, {}), /no server/);
});

test('unknown keys in a config file are rejected', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'client.json');
  writeFileSync(path, JSON.stringify({ server: 'ws://x:1', sever: 'typo' }));
  await assert.rejects(readGatewayConfig(path), /unknown keys sever/);
});

test('deprecated source.labelling keys are read under their new names, with a DeprecationWarning', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'client.json');
  const labelling = { windowHopSec: 4, vpKmPerS: 5.5, minSignalSeconds: 15 };
  writeFileSync(path, JSON.stringify({ ...file, source: { ...file.source, labelling } }));
  const warn = mock.method(process, 'emitWarning', () => {});
  t.after(() => warn.mock.restore());
  const read = await readGatewayConfig(path);
  assert.deepEqual(read.source?.kind === 'miniseed' && read.source.labelling, {
    windowHopSeconds: 4,
    vpKmPerSecond: 5.5,
    minSignalSeconds: 15,
  });
  assert.deepEqual(
    warn.mock.calls.map((c) => String(c.arguments[0]).replace(`${path}: `, '')),
    [
      'source.labelling.vpKmPerS is deprecated, use vpKmPerSecond',
      'source.labelling.windowHopSec is deprecated, use windowHopSeconds',
    ],
  );
  writeFileSync(
    path,
    JSON.stringify({ ...file, source: { ...file.source, labelling: { windowHopSec: 4, windowHopSeconds: 5 } } }),
  );
  await assert.rejects(readGatewayConfig(path), /sets both windowHopSec \(deprecated\) and windowHopSeconds/);
});

test('station coordinates outside the globe are rejected', () => {
  const at = (latitude: number, longitude: number) => ({
    source: { kind: 'miniseed' as const, dataDir: '/d', station: { latitude, longitude } },
  });
  assert.throws(() => mergeGatewayConfig(file, at(340, 2)), {
    code: 'QF_ERR_CLIENT_CONFIG',
    message: /latitude must be in \[-90, 90\].*340/,
  });
  assert.throws(() => mergeGatewayConfig(file, at(1, -181)), { code: 'QF_ERR_CLIENT_CONFIG', message: /longitude/ });
});

test('a station coordinate on the command line refines the file station key by key', () => {
  const merged = mergeGatewayConfig(file, { source: { kind: 'miniseed', station: { elevationM: 560 } } as never });
  assert.deepEqual(merged.source, {
    kind: 'miniseed',
    dataDir: '/data',
    station: { latitude: 1, longitude: 2, elevationM: 560 },
  });
});

test('a data directory or catalogue that does not exist is one error naming it, before the gateway starts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-paths-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const station = { latitude: 1, longitude: 2 };
  await assert.rejects(checkSourcePaths({ kind: 'miniseed', dataDir: join(dir, 'nope'), station }), {
    code: 'QF_ERR_NO_DATA',
    message: /data directory .*nope does not exist/,
  });
  await assert.rejects(
    checkSourcePaths({ kind: 'miniseed', dataDir: dir, catalogue: join(dir, 'none.csv'), station }),
    { code: 'QF_ERR_CATALOGUE', message: /none\.csv/ },
  );
  await checkSourcePaths({ kind: 'miniseed', dataDir: dir, station });
});
