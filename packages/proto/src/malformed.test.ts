/**
 * The decoder fed raw frames a broken or hostile peer could send: each must fail with its documented
 * code (docs/protocol.md, "Error codes").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEnvelope, decodeMessage, encodeMessage } from './codec.js';
import { DEFAULT_DECODE_LIMITS } from './defaults.js';
import { ProtocolError } from './errors.js';
import { exampleMessages, exampleParameters } from './examples.js';
import type { Message } from './messages.js';
import { fitInsFrame, hex, wireFrame, wireTensor } from './test-frames.js';

function rejects(bytes: Uint8Array, code: string, options?: Parameters<typeof decodeMessage>[1]): void {
  assert.throws(
    () => decodeMessage(bytes, options),
    (e: unknown) => e instanceof ProtocolError && e.code === code,
    `expected ${code}`,
  );
}

const fitIns = (): Message => ({
  kind: 'fitIns',
  round: 1,
  modelVersion: 1,
  parameters: exampleParameters(),
  config: {},
});

test('a hand-written heartbeat frame decodes', () => {
  // version 1 | field 16 (heartbeat), length 2 | timestamp_ms = 1
  assert.deepEqual(decodeEnvelope(hex('0801 820102 0801')), {
    protocolVersion: 1,
    messageId: 0,
    replyTo: 0,
    message: { kind: 'heartbeat', timestampMs: 1 },
  });
});

test('another protocol version is QF_ERR_UNSUPPORTED_VERSION', () => {
  rejects(hex('0802 820102 0801'), 'QF_ERR_UNSUPPORTED_VERSION');
});

test('a frame without a version (or an empty frame) is QF_ERR_UNSUPPORTED_VERSION', () => {
  rejects(hex('820102 0801'), 'QF_ERR_UNSUPPORTED_VERSION');
  rejects(new Uint8Array(0), 'QF_ERR_UNSUPPORTED_VERSION');
});

test('a body kind from a later version is QF_ERR_UNKNOWN_MESSAGE', () => {
  rejects(hex('0801 f20100'), 'QF_ERR_UNKNOWN_MESSAGE'); // field 30 (detections range), empty
});

test('a frame without a body is QF_ERR_MISSING_FIELD', () => {
  rejects(hex('0801 1005'), 'QF_ERR_MISSING_FIELD'); // version + message_id only
});

test('a frame with two bodies is QF_ERR_BAD_MESSAGE', () => {
  rejects(hex('0801 820100 9a0100'), 'QF_ERR_BAD_MESSAGE'); // heartbeat + bye
});

test('a body sent with the wrong wire type is QF_ERR_BAD_MESSAGE', () => {
  rejects(hex('0801 8001 05'), 'QF_ERR_BAD_MESSAGE'); // heartbeat as a varint
});

test('every truncation of a valid frame past its first field is QF_ERR_BAD_MESSAGE', () => {
  const frame = encodeMessage(fitIns());
  for (let length = 3; length < frame.length; length++) rejects(frame.subarray(0, length), 'QF_ERR_BAD_MESSAGE');
});

test('a frame above maxPayloadBytes is QF_ERR_PAYLOAD_TOO_LARGE, checked before parsing', () => {
  const frame = encodeMessage(fitIns());
  rejects(frame, 'QF_ERR_PAYLOAD_TOO_LARGE', { maxPayloadBytes: frame.length - 1 });
  assert.equal(decodeMessage(frame, { maxPayloadBytes: frame.length }).kind, 'fitIns');
  rejects(new Uint8Array(DEFAULT_DECODE_LIMITS.maxPayloadBytes + 1).fill(0xff), 'QF_ERR_PAYLOAD_TOO_LARGE');
});

test('a non-binary frame is QF_ERR_BAD_MESSAGE', () => {
  rejects('0801' as never, 'QF_ERR_BAD_MESSAGE');
});

test('a kind outside expectedKinds is QF_ERR_UNEXPECTED_MESSAGE', () => {
  rejects(encodeMessage(fitIns()), 'QF_ERR_UNEXPECTED_MESSAGE', { expectedKinds: ['hello', 'fitRes'] });
});

test('NaN or Infinity in an f32 tensor on the wire is QF_ERR_NON_FINITE', () => {
  for (const bad of [NaN, Infinity, -Infinity]) rejects(fitInsFrame([wireTensor([1, bad, 2])]), 'QF_ERR_NON_FINITE');
});

test('a non-finite loss is QF_ERR_NON_FINITE on decode and on encode', () => {
  const res = exampleMessages().find((m) => m.kind === 'evaluateRes')!;
  const bad = { ...res, loss: NaN } as Message;
  assert.throws(
    () => encodeMessage(bad),
    (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_NON_FINITE',
  );
  rejects(
    wireFrame({
      evaluateRes: { loss: Infinity, confusion: {}, histogram: {}, status: { ok: true } },
    }),
    'QF_ERR_NON_FINITE',
  );
});

test('tensor bytes that do not match the shape are QF_ERR_TENSOR_LENGTH', () => {
  rejects(fitInsFrame([wireTensor([1, 2, 3], { shape: [2, 2] })]), 'QF_ERR_TENSOR_LENGTH');
});

test('duplicate tensor names in a frame are QF_ERR_DUPLICATE_TENSOR', () => {
  rejects(fitInsFrame([wireTensor([1]), wireTensor([2])]), 'QF_ERR_DUPLICATE_TENSOR');
});

test('missing required fields are QF_ERR_MISSING_FIELD', () => {
  const frames = {
    'hello.capabilities': wireFrame({ hello: { clientId: 'c', dataSummary: {} } }),
    'hello.clientId': wireFrame({ hello: { capabilities: {}, dataSummary: {} } }),
    'welcome.tensorEncoding': wireFrame({ welcome: { sessionId: 's' } }),
    'fitIns.parameters': wireFrame({ fitIns: { round: 1 } }),
    'fitRes.status': wireFrame({ fitRes: { round: 1 } }),
    'evaluateRes.confusion': wireFrame({ evaluateRes: { histogram: {}, status: { ok: true } } }),
    'error.code': wireFrame({ error: { message: 'm' } }),
    'status.code': wireFrame({ fitRes: { status: { ok: false } } }),
  };
  for (const [field, frame] of Object.entries(frames)) {
    assert.throws(
      () => decodeMessage(frame),
      (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_MISSING_FIELD',
      field,
    );
  }
});

test('a histogram whose counts do not match its bins is QF_ERR_BAD_FIELD', () => {
  rejects(
    wireFrame({
      evaluateRes: { confusion: {}, histogram: { bins: 3, positive: [1, 2, 3], negative: [1] }, status: { ok: true } },
    }),
    'QF_ERR_BAD_FIELD',
  );
});

test('a uint64 above Number.MAX_SAFE_INTEGER is QF_ERR_BAD_FIELD', () => {
  // message_id = 2^63 (varint of 9 bytes) on a heartbeat frame
  rejects(hex('0801 10 808080808080808080 01 820100'), 'QF_ERR_BAD_FIELD');
});

test('malformed msgpack in a config map is QF_ERR_BAD_MAP', () => {
  rejects(wireFrame({ fitIns: { parameters: {}, config: hex('81 a1') } }), 'QF_ERR_BAD_MAP');
});

test('encoding rejects values the wire cannot carry with QF_ERR_BAD_FIELD', () => {
  for (const message of [
    { kind: 'reconnect', delayMs: -1, reason: '' },
    { kind: 'fitIns', round: 1.5, modelVersion: 0, parameters: [], config: {} },
    { kind: 'heartbeat', timestampMs: 2 ** 60 },
  ] as Message[]) {
    assert.throws(
      () => encodeMessage(message),
      (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_BAD_FIELD',
      message.kind,
    );
  }
});

test('encoding a weight beyond the f16 range as f16 is QF_ERR_F16_OVERFLOW', () => {
  const parameters = [{ name: 'w', shape: [1], data: new Float32Array([1e5]) }];
  assert.throws(
    () =>
      encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters, config: {} }, { tensorEncoding: 'f16' }),
    (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_F16_OVERFLOW',
  );
});
