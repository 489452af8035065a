import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameBytes } from './frame-bytes.js';

test('a received message becomes one byte array whatever form ws gives it in', () => {
  const bytes = Uint8Array.from([1, 2, 3, 4]);
  const buffer = Buffer.from(bytes);
  assert.equal(frameBytes(buffer), buffer, 'a Buffer is used as it is');
  assert.deepEqual([...frameBytes(bytes.buffer.slice(0))], [1, 2, 3, 4]);
  assert.deepEqual([...frameBytes([Buffer.from([1, 2]), Buffer.from([3, 4])])], [1, 2, 3, 4]);
});
