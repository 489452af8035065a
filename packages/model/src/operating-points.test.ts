import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Parameters } from '@quakefed/proto';
import { parameterSpecs, resolveModelConfig } from './architecture.js';
import { readModelArtifacts, writeModelDirectory } from './files.js';
import {
  defaultOperatingPoint,
  readOperatingPoints,
  validateOperatingPoints,
  weightsSha256,
  writeOperatingPoints,
  type OperatingPoints,
} from './operating-points.js';
import { withTempDir } from './testing/temp_dir.js';

const config = resolveModelConfig({ windowLength: 200, filters: [4, 8], seed: 3 });
const parameters: Parameters = parameterSpecs(config).map((s, k) => {
  const n = s.shape.reduce((a, b) => a * b, 1);
  return { name: s.name, shape: [...s.shape], data: Float32Array.from({ length: n }, (_, i) => Math.sin(k * 100 + i)) };
});

const points: OperatingPoints = {
  format: 'quakefed-operating-points',
  version: 1,
  weightsSha256: weightsSha256(parameters),
  defaultFalseAlarmsPerStationDay: 1,
  points: [
    { falseAlarmsPerStationDay: 1, threshold: 0.4, measuredFalseAlarmsPerStationDay: 0.5 },
    { falseAlarmsPerStationDay: 10, threshold: 0.1, measuredFalseAlarmsPerStationDay: 9.5 },
  ],
  measurement: {
    data: 'validation',
    stations: 4,
    stationDays: 2,
    seed: 7,
    date: '2025-01-02T03:04:05.000Z',
    hopSeconds: 2,
    description: 'test',
  },
};

test('weightsSha256 is the sha256 of the weights.bin a model directory holds', async () => {
  await withTempDir(async (dir) => {
    await writeModelDirectory(dir, config, parameters);
    const fileHash = createHash('sha256')
      .update(await readFile(join(dir, 'weights.bin')))
      .digest('hex');
    assert.equal(weightsSha256(parameters), fileHash);
  });
});

test('operating points written beside a model read back equal, and name their default point', async () => {
  await withTempDir(async (dir) => {
    await writeModelDirectory(dir, config, parameters);
    await writeOperatingPoints(dir, points);
    const back = await readOperatingPoints(dir);
    assert.deepEqual(back, points);
    assert.equal(defaultOperatingPoint(back!).threshold, 0.4);
    assert.deepEqual(await readOperatingPoints(join(dir, 'model.json')), points);
  });
});

test('a model directory without the file has no operating points', async () => {
  await withTempDir(async (dir) => {
    await writeModelDirectory(dir, config, parameters);
    assert.equal(await readOperatingPoints(dir), null);
  });
});

test('operating points are read over http beside model.json; a 404 means none', async () => {
  const body = JSON.stringify(points);
  let serve = true;
  const server = createServer((req, res) => {
    if (serve && req.url === '/model/operating-points.json') res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    assert.deepEqual(await readOperatingPoints(`http://127.0.0.1:${port}/model`), points);
    serve = false;
    assert.equal(await readOperatingPoints(`http://127.0.0.1:${port}/model/model.json`), null);
  } finally {
    server.close();
  }
});

test('an invalid operating-points file is rejected with QF_ERR_BAD_OPERATING_POINTS naming the problem', async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'operating-points.json'), '{ not json');
    await assert.rejects(readOperatingPoints(dir), {
      code: 'QF_ERR_BAD_OPERATING_POINTS',
      message: /operating-points\.json is not JSON/,
    });
  });
  const broken: [string, unknown, RegExp][] = [
    ['wrong format', { ...points, format: 'other' }, /format must be/],
    ['newer version', { ...points, version: 2 }, /version 2 unsupported/],
    ['short hash', { ...points, weightsSha256: 'abc' }, /weightsSha256/],
    ['threshold above 1', { ...points, points: [{ ...points.points[0]!, threshold: 1.5 }] }, /points\[0\]\.threshold/],
    ['default not a point', { ...points, defaultFalseAlarmsPerStationDay: 3 }, /defaultFalseAlarmsPerStationDay 3/],
    [
      'duplicate targets',
      { ...points, points: [points.points[0]!, points.points[0]!] },
      /share a falseAlarmsPerStationDay/,
    ],
    ['unknown data kind', { ...points, measurement: { ...points.measurement, data: 'other' } }, /measurement\.data/],
    ['no date', { ...points, measurement: { ...points.measurement, date: 'yesterday' } }, /measurement\.date/],
  ];
  for (const [what, value, message] of broken) {
    assert.throws(() => validateOperatingPoints(value), { code: 'QF_ERR_BAD_OPERATING_POINTS', message }, what);
  }
});

test('writeOperatingPoints refuses invalid points instead of writing them', async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(writeOperatingPoints(dir, { ...points, points: [] }), { code: 'QF_ERR_BAD_OPERATING_POINTS' });
    assert.equal(await readOperatingPoints(dir), null);
  });
});

test('readModelArtifacts of a directory without a model fails with QF_ERR_BAD_ARTIFACTS', async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(readModelArtifacts(dir), {
      code: 'QF_ERR_BAD_ARTIFACTS',
      message: /model\.json: no such file/,
    });
  });
});
