import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEnvelope, decodeMessage, encodeMessage } from './codec.js';
import { MESSAGE_KINDS, PROTOCOL_VERSION, TENSOR_ENCODINGS } from './constants.js';
import { exampleMessages, exampleParameters } from './examples.js';
import type { Message } from './messages.js';
import type { Parameters, TensorEncoding } from './types.js';

/** Largest |error| allowed per element for each encoding, given the original tensor values. */
function tolerance(encoding: TensorEncoding, values: Float32Array): number {
  const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (encoding === 'f32') return 0;
  if (encoding === 'f16') return maxAbs * 2 ** -11; // half ulp of the largest value
  const scale = (Math.max(maxAbs, 0) * 2) / 254; // range <= 2·maxAbs, 254 steps
  return scale / 2 + maxAbs * 2 ** -23;
}

function assertParametersClose(actual: Parameters, expected: Parameters, encoding: TensorEncoding): void {
  assert.deepEqual(
    actual.map((t) => [t.name, t.shape]),
    expected.map((t) => [t.name, t.shape]),
  );
  expected.forEach((e, i) => {
    const a = actual[i]!;
    assert.ok(a.data instanceof Float32Array);
    const tol = tolerance(encoding, e.data);
    e.data.forEach((v, j) => assert.ok(Math.abs(a.data[j]! - v) <= tol, `${e.name}[${j}]: ${a.data[j]} vs ${v}`));
  });
}

/** The message without its parameters, for exact comparison of everything else. */
function withoutParameters(m: Message): unknown {
  return 'parameters' in m ? { ...m, parameters: undefined } : m;
}

test('exampleMessages covers every message kind', () => {
  assert.deepEqual(
    exampleMessages().map((m) => m.kind),
    [...MESSAGE_KINDS],
  );
});

for (const original of exampleMessages()) {
  for (const encoding of TENSOR_ENCODINGS) {
    test(`${original.kind} round-trips with ${encoding} tensors`, () => {
      const decoded = decodeMessage(encodeMessage(original, { tensorEncoding: encoding }));
      assert.deepEqual(withoutParameters(decoded), withoutParameters(original));
      if ('parameters' in original && 'parameters' in decoded) {
        assertParametersClose(decoded.parameters, original.parameters, encoding);
      }
    });
  }
}

test('f32 tensors round-trip bit-exactly', () => {
  const params = exampleParameters();
  const decoded = decodeMessage(
    encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }),
  );
  assert.equal(decoded.kind, 'fitIns');
  if (decoded.kind === 'fitIns') assert.deepEqual(decoded.parameters, params);
});

test('envelope header fields round-trip', () => {
  const bytes = encodeMessage({ kind: 'bye', reason: '' }, { messageId: 2 ** 40 + 3, replyTo: 17 });
  assert.deepEqual(decodeEnvelope(bytes), {
    protocolVersion: PROTOCOL_VERSION,
    messageId: 2 ** 40 + 3,
    replyTo: 17,
    message: { kind: 'bye', reason: '' },
  });
});

test('an error status round-trips with its code and message', () => {
  const message: Message = {
    kind: 'fitRes',
    round: 4,
    modelVersion: 3,
    parameters: [],
    numExamples: 0,
    metrics: {},
    status: { ok: false, code: 'QF_ERR_TRAINING_FAILED', message: 'loss diverged' },
  };
  assert.deepEqual(decodeMessage(encodeMessage(message)), message);
});

test('large counts up to Number.MAX_SAFE_INTEGER round-trip exactly', () => {
  const n = Number.MAX_SAFE_INTEGER;
  const message: Message = {
    kind: 'evaluateRes',
    round: 1,
    modelVersion: 1,
    loss: 0,
    numExamples: n,
    confusion: { tp: n, fp: 0, fn: 1, tn: 2 ** 32 },
    histogram: { bins: 1, positive: [n], negative: [2 ** 33] },
    metrics: {},
    status: { ok: true },
  };
  assert.deepEqual(decodeMessage(encodeMessage(message)), message);
});

test('scalar (rank-0) and empty tensors round-trip', () => {
  const parameters: Parameters = [
    { name: 'scalar', shape: [], data: new Float32Array([2.5]) },
    { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
  ];
  const decoded = decodeMessage(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 0, parameters, config: {} }));
  assert.ok(decoded.kind === 'fitIns');
  assert.deepEqual(decoded.parameters, parameters);
});
