import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL_CONFIG } from '@quakefed/model';
import { PREDICT_CHUNK_BYTES, TrainingPool } from './training-pool.js';

const stride = DEFAULT_MODEL_CONFIG.windowLength * DEFAULT_MODEL_CONFIG.channels;

test("initialParameters are a fresh model's weights even after predict set other weights on the worker", async () => {
  const pool = new TrainingPool(1);
  try {
    const before = await pool.initialParameters();
    const shifted = before.map((p) => ({ ...p, data: p.data.map((v) => v + 1) }));
    await pool.predict(shifted, new Float32Array(2 * stride), 2);
    const after = await pool.initialParameters();
    assert.deepEqual(after, before);
  } finally {
    await pool.close();
  }
});

test('predict over several chunks on two workers returns the score of every window in order', async () => {
  const pool = new TrainingPool(2);
  try {
    const parameters = await pool.initialParameters();
    const chunk = Math.floor(PREDICT_CHUNK_BYTES / (stride * 4));
    const count = chunk + 5; // two chunks
    const x = new Float32Array(count * stride);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.001 + (i % 7));
    const all = await pool.predict(parameters, x, count);
    const first = await pool.predict(parameters, x.subarray(0, chunk * stride), chunk);
    const last = await pool.predict(parameters, x.subarray(chunk * stride), 5);
    assert.deepEqual(all, Float32Array.from([...first, ...last]));
  } finally {
    await pool.close();
  }
});
