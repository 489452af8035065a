import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileKernels, I32, get, i32Const, I32_ADD, sleb, uleb } from './wasm-assembler.js';

test('LEB128 encodes as the spec examples do (64 needs two signed bytes: 0x40 alone is -64)', () => {
  assert.deepEqual(uleb(0), [0x00]);
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(sleb(63), [0x3f]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.deepEqual(sleb(-1), [0x7f]);
  assert.deepEqual(sleb(-64), [0x40]);
  assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
});

test('an assembled module compiles and runs', () => {
  const module = compileKernels([
    { name: 'add', params: [I32], results: [I32], locals: [], code: [...get(0), ...i32Const(1000), I32_ADD] },
  ])!;
  const add = module.instantiate(1).exports['add'] as (x: number) => number;
  assert.equal(add(-1), 999);
});
