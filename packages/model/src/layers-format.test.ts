import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import { layersModelJson, parametersFromBytes, parametersFromModelJson, tensorBytes } from './layers-format.js';

const params: Parameters = [
  { name: 'a/kernel', shape: [2, 2], data: Float32Array.of(1, -2, 0.5, 3) },
  { name: 'a/bias', shape: [1], data: Float32Array.of(0.25) },
];

test('weights.bin is the float32 values, little-endian, in manifest order', () => {
  const bytes = tensorBytes(params);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.deepEqual(
    Array.from({ length: 5 }, (_, i) => view.getFloat32(4 * i, true)),
    [1, -2, 0.5, 3, 0.25],
  );
});

test('model.json and weights.bin read back into the same parameters', () => {
  const json = JSON.parse(JSON.stringify(layersModelJson(params, { modelTopology: null }, 'test')));
  assert.deepEqual(json.weightsManifest, [
    {
      paths: ['weights.bin'],
      weights: [
        { name: 'a/kernel', shape: [2, 2], dtype: 'float32' },
        { name: 'a/bias', shape: [1], dtype: 'float32' },
      ],
    },
  ]);
  assert.equal('userDefinedMetadata' in json, false, 'no metadata key when there is none');
  // From a Node Buffer at an odd offset of a larger buffer, as a file read may hand it over.
  const bytes = Buffer.concat([Buffer.alloc(3), Buffer.from(tensorBytes(params))]).subarray(3);
  assert.deepEqual(parametersFromModelJson(json, bytes), params);
});

test('weights that are not a finite model of the manifest are refused with QF_ERR_BAD_ARTIFACTS', () => {
  const specs = layersModelJson(params, { modelTopology: null }, 'test').weightsManifest[0]!.weights;
  const bytes = tensorBytes(params);
  const nan = tensorBytes([params[0]!, { ...params[1]!, data: Float32Array.of(Number.NaN) }]);
  const refused = { code: 'QF_ERR_BAD_ARTIFACTS' };
  assert.throws(() => parametersFromBytes(specs, bytes.subarray(4)), { ...refused, message: /describes 20/ });
  assert.throws(() => parametersFromBytes(specs, nan), { ...refused, message: /a\/bias holds NaN/ });
  const badShape = [{ ...specs[0]!, shape: [2, -2] }, specs[1]!];
  assert.throws(() => parametersFromBytes(badShape, bytes), { ...refused, message: /malformed weight spec/ });
  assert.throws(() => parametersFromModelJson({ format: 'layers-model' }, bytes), {
    ...refused,
    message: /no weightsManifest/,
  });
});
