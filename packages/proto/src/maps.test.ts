import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from './errors.js';
import { decodeMap, encodeMap } from './maps.js';
import { hex } from './test-frames.js';

function throwsBadMap(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof ProtocolError && e.code === 'QF_ERR_BAD_MAP');
}

test('numbers, strings, booleans and bytes round-trip', () => {
  const map = {
    int: 3,
    big: 2 ** 53 - 1,
    neg: -7,
    float: 0.125,
    nan: NaN,
    s: 'focal',
    yes: true,
    no: false,
    b: new Uint8Array([0, 255]),
  };
  assert.deepEqual(decodeMap(encodeMap(map, 'm'), 'm'), map);
});

test('bytes values decode as plain Uint8Array, not Buffer', () => {
  const decoded = decodeMap(encodeMap({ b: new Uint8Array([1]) }, 'm'), 'm');
  assert.equal(Object.getPrototypeOf(decoded['b']), Uint8Array.prototype);
});

test('an empty map is sent as zero bytes and zero bytes decode to {}', () => {
  assert.equal(encodeMap({}, 'm').length, 0);
  assert.deepEqual(decodeMap(new Uint8Array(0), 'm'), {});
});

test('a "__proto__" key becomes an own property and leaves the prototype alone', () => {
  const decoded = decodeMap(hex('81 a9 5f5f70726f746f5f5f 01'), 'm'); // {"__proto__": 1}
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
  assert.deepEqual(Object.entries(decoded), [['__proto__', 1]]);
});

test('truncated or trailing msgpack is QF_ERR_BAD_MAP', () => {
  throwsBadMap(() => decodeMap(hex('81 a1'), 'm'));
  throwsBadMap(() => decodeMap(hex('81 a1 61 01 01'), 'm'));
});

test('a msgpack value that is not a map is QF_ERR_BAD_MAP', () => {
  throwsBadMap(() => decodeMap(hex('92 01 02'), 'm')); // [1, 2]
  throwsBadMap(() => decodeMap(hex('a3 616263'), 'm')); // "abc"
});

test('non-string keys and unsupported value types are QF_ERR_BAD_MAP', () => {
  throwsBadMap(() => decodeMap(hex('81 01 01'), 'm')); // {1: 1}
  throwsBadMap(() => decodeMap(hex('81 a1 61 c0'), 'm')); // {a: nil}
  throwsBadMap(() => decodeMap(hex('81 a1 61 91 01'), 'm')); // {a: [1]}
  throwsBadMap(() => decodeMap(hex('81 a1 61 81 a1 62 01'), 'm')); // {a: {b: 1}}
  throwsBadMap(() => decodeMap(hex('81 a1 61 d6 ff 00000001'), 'm')); // {a: timestamp ext}
});

test('encoding a value of an unsupported type is QF_ERR_BAD_MAP', () => {
  throwsBadMap(() => encodeMap({ a: [1, 2] as never }, 'm'));
  throwsBadMap(() => encodeMap({ a: null as never }, 'm'));
});
