import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DECODE_LIMITS } from '../defaults.js';
import { ProtocolError } from '../errors.js';
import type { NamedTensor } from '../types.js';
import { WIRE_ENCODING, type WireTensor } from '../wire.js';
import { wireTensor } from '../test-frames.js';
import { decodeParameters, decodeTensor, EncodeScratch, encodeParameters, encodeTensor } from './codec.js';

const limits = DEFAULT_DECODE_LIMITS;

function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === code);
}

/** The wire tensor's data moved to byte offset `offset` of a larger buffer (as after a real receive). */
function atOffset(wire: WireTensor, offset: number): WireTensor {
  const data = wire.data!;
  const frame = new Uint8Array(data.length + offset + 3);
  frame.set(data, offset);
  return { ...wire, data: frame.subarray(offset, offset + data.length) };
}

test('an aligned f32 tensor decodes as a view on the received bytes', () => {
  const wire = atOffset(wireTensor([1, 2, 3]), 8);
  const tensor = decodeTensor(wire, limits);
  assert.equal(tensor.data.buffer, wire.data!.buffer);
  assert.equal(tensor.data.byteOffset, 8);
  assert.deepEqual(Array.from(tensor.data), [1, 2, 3]);
});

test('an unaligned f32 tensor decodes as a copy with the same values', () => {
  const wire = atOffset(wireTensor([1, 2, 3]), 5);
  const tensor = decodeTensor(wire, limits);
  assert.notEqual(tensor.data.buffer, wire.data!.buffer);
  assert.deepEqual(Array.from(tensor.data), [1, 2, 3]);
});

test('an unaligned f16 tensor decodes correctly', () => {
  const encoded = encodeTensor({ name: 'h', shape: [3], data: new Float32Array([1, -2, 0.5]) }, 'f16');
  assert.deepEqual(Array.from(decodeTensor(atOffset(encoded, 3), limits).data), [1, -2, 0.5]);
});

test('f32 encoding is a view of the tensor bytes (no copy before the frame)', () => {
  const data = new Float32Array([1, 2]);
  const wire = encodeTensor({ name: 'w', shape: [2], data }, 'f32');
  assert.equal(wire.data!.buffer, data.buffer);
});

test('byte length different from product(shape) x element size is QF_ERR_TENSOR_LENGTH', () => {
  throwsCode(() => decodeTensor(wireTensor([1, 2, 3], { shape: [4] }), limits), 'QF_ERR_TENSOR_LENGTH');
  throwsCode(() => decodeTensor(wireTensor([1, 2], { encoding: WIRE_ENCODING.f16 }), limits), 'QF_ERR_TENSOR_LENGTH');
  throwsCode(
    () => decodeTensor(wireTensor([1], { data: new Uint8Array(5), shape: [1] }), limits),
    'QF_ERR_TENSOR_LENGTH',
  );
});

test('NaN and infinities in f32 tensors are QF_ERR_NON_FINITE', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    throwsCode(() => decodeTensor(wireTensor([0, bad]), limits), 'QF_ERR_NON_FINITE');
  }
});

test('non-finite halves in f16 tensors are QF_ERR_NON_FINITE', () => {
  const data = new Uint8Array(new Uint16Array([0x3c00, 0x7c00]).buffer);
  throwsCode(
    () => decodeTensor(wireTensor([], { shape: [2], encoding: WIRE_ENCODING.f16, data }), limits),
    'QF_ERR_NON_FINITE',
  );
});

test('too many dimensions or elements is QF_ERR_TENSOR_SHAPE', () => {
  throwsCode(
    () => decodeTensor(wireTensor([1], { shape: [1, 1, 1, 1, 1, 1, 1, 1, 1] }), limits),
    'QF_ERR_TENSOR_SHAPE',
  );
  throwsCode(() => decodeTensor(wireTensor([1], { shape: [65536, 65536] }), limits), 'QF_ERR_TENSOR_SHAPE');
});

test('int8 tensors need a positive finite scale and an int8 zero point (QF_ERR_BAD_QUANTISATION)', () => {
  const base = { shape: [2], encoding: WIRE_ENCODING.int8, data: new Uint8Array([1, 255]) };
  assert.deepEqual(
    Array.from(decodeTensor(wireTensor([], { ...base, scale: 0.5, zeroPoint: 1 }), limits).data),
    [0, -1],
  );
  throwsCode(
    () => decodeTensor(wireTensor([], { ...base, scale: 0, zeroPoint: 0 }), limits),
    'QF_ERR_BAD_QUANTISATION',
  );
  throwsCode(
    () => decodeTensor(wireTensor([], { ...base, scale: 1, zeroPoint: 300 }), limits),
    'QF_ERR_BAD_QUANTISATION',
  );
});

test('an unknown encoding or dtype is QF_ERR_UNSUPPORTED_ENCODING, an unset one QF_ERR_MISSING_FIELD', () => {
  throwsCode(() => decodeTensor(wireTensor([1], { encoding: 9 }), limits), 'QF_ERR_UNSUPPORTED_ENCODING');
  throwsCode(() => decodeTensor(wireTensor([1], { dtype: 7 }), limits), 'QF_ERR_UNSUPPORTED_ENCODING');
  throwsCode(() => decodeTensor(wireTensor([1], { encoding: 0 }), limits), 'QF_ERR_MISSING_FIELD');
  throwsCode(() => decodeTensor(wireTensor([1], { dtype: 0 }), limits), 'QF_ERR_MISSING_FIELD');
  throwsCode(() => decodeTensor(wireTensor([1], { name: '' }), limits), 'QF_ERR_MISSING_FIELD');
});

test('duplicate tensor names are QF_ERR_DUPLICATE_TENSOR on decode and on encode', () => {
  throwsCode(
    () => decodeParameters({ tensors: [wireTensor([1], { name: 'a' }), wireTensor([2], { name: 'a' })] }, limits),
    'QF_ERR_DUPLICATE_TENSOR',
  );
  const t: NamedTensor = { name: 'a', shape: [1], data: new Float32Array(1) };
  throwsCode(() => encodeParameters([t, { ...t }], 'f32'), 'QF_ERR_DUPLICATE_TENSOR');
});

test('more tensors than the limit is QF_ERR_TENSOR_SHAPE', () => {
  const tensors = [wireTensor([1], { name: 'a' }), wireTensor([2], { name: 'b' })];
  throwsCode(() => decodeParameters({ tensors }, { ...limits, maxTensors: 1 }), 'QF_ERR_TENSOR_SHAPE');
});

test('encoding rejects shapes that do not match the data or are not non-negative integers', () => {
  const data = new Float32Array(6);
  for (const shape of [[2, 2], [-2, -3], [2.5, 2], [Number.NaN]]) {
    throwsCode(() => encodeTensor({ name: 'w', shape, data }, 'f32'), 'QF_ERR_TENSOR_SHAPE');
  }
});

test('encoding with an unknown encoding name is QF_ERR_UNSUPPORTED_ENCODING', () => {
  const t: NamedTensor = { name: 'w', shape: [1], data: new Float32Array(1) };
  throwsCode(() => encodeTensor(t, 'bf16' as never), 'QF_ERR_UNSUPPORTED_ENCODING');
});

test('f16 and int8 tensors encoded into a scratch decode like freshly allocated ones, each in its own bytes', () => {
  const scratch = new EncodeScratch();
  const values = (n: number, k: number): NamedTensor => ({
    name: `t${k}`,
    shape: [n],
    data: Float32Array.from({ length: n }, (_, i) => Math.sin(i + k) * 0.5),
  });
  // Sizes that make the scratch grow mid-message: the earlier tensors keep their bytes.
  const tensors = [values(5, 1), values(3000, 2), values(7, 3), values(9000, 4)];
  for (const encoding of ['f16', 'int8'] as const) {
    scratch.reset();
    const inScratch = tensors.map((t) => encodeTensor(t, encoding, scratch));
    const fresh = tensors.map((t) => encodeTensor(t, encoding));
    inScratch.forEach((wire, i) => {
      assert.deepEqual(wire.data, fresh[i]!.data, `${encoding} tensor ${i}`);
      assert.deepEqual(decodeTensor(wire, limits).data, decodeTensor(fresh[i]!, limits).data);
    });
  }
  // After a reset the memory is reused: the next message's first tensor starts where the last began.
  scratch.reset();
  const a = scratch.array(Uint16Array, 4);
  scratch.reset();
  const b = scratch.array(Uint16Array, 4);
  assert.equal(a.buffer, b.buffer);
  assert.equal(a.byteOffset, b.byteOffset);
});
