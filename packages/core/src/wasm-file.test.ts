import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmArena, type WasmMemory } from './wasm-file.js';

const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => WasmMemory } })
  .WebAssembly;

test('an arena hands out 16-byte aligned, non-overlapping arrays from the heap base and grows the memory', () => {
  const memory = new Memory({ initial: 1 });
  const arena = new WasmArena(memory, 1000);
  const a = arena.alloc(10);
  const b = arena.alloc(100_000);
  assert.equal(a, 1008);
  assert.equal(b % 16, 0);
  assert.ok(b >= a + 10);
  assert.ok(memory.buffer.byteLength >= b + 100_000, 'grown to hold the second array');
});

test('reset starts over at the heap base', () => {
  const arena = new WasmArena(new Memory({ initial: 1 }), 64);
  arena.alloc(500);
  arena.reset();
  assert.equal(arena.alloc(4), 64);
});
