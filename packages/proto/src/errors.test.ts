import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CLOSE_CODE_BY_ERROR,
  CLOSE_CODE_INTERNAL,
  PROTO_ERROR_CODES,
  ProtocolError,
  QuakefedError,
  closeCodeFor,
} from './errors.js';

test('protocol close codes are distinct and within 4000-4099', () => {
  const codes: number[] = Object.values(CLOSE_CODE_BY_ERROR);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of [...codes, CLOSE_CODE_INTERNAL]) assert.ok(c >= 4000 && c <= 4099, `${c}`);
  assert.ok(!codes.includes(CLOSE_CODE_INTERNAL));
});

test('every protocol error code has a close code, and only those codes do', () => {
  assert.deepEqual(Object.keys(CLOSE_CODE_BY_ERROR).sort(), Object.values(PROTO_ERROR_CODES).sort());
});

test('ProtocolError is a QuakefedError and an Error with code, name and close code', () => {
  const e = new ProtocolError('QF_ERR_TENSOR_LENGTH', 'x');
  assert.ok(e instanceof QuakefedError && e instanceof Error);
  assert.equal(e.code, 'QF_ERR_TENSOR_LENGTH');
  assert.equal(e.name, 'ProtocolError');
  assert.equal(e.closeCode, CLOSE_CODE_BY_ERROR.QF_ERR_TENSOR_LENGTH);
});

test('closeCodeFor maps protocol codes to their close code and anything else to the internal code', () => {
  assert.equal(closeCodeFor('QF_ERR_PAYLOAD_TOO_LARGE'), CLOSE_CODE_BY_ERROR.QF_ERR_PAYLOAD_TOO_LARGE);
  assert.equal(closeCodeFor('QF_ERR_SOMETHING_ELSE'), CLOSE_CODE_INTERNAL);
  assert.equal(closeCodeFor('toString'), CLOSE_CODE_INTERNAL);
  assert.equal(closeCodeFor(undefined), CLOSE_CODE_INTERNAL);
});
