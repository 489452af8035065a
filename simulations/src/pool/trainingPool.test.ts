import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingPool } from './trainingPool.js';

test("initialParameters are a fresh model's weights even after predict set other weights on the worker", async () => {
  const pool = new TrainingPool(1);
  try {
    const before = await pool.initialParameters();
    const shifted = before.map((p) => ({ ...p, data: p.data.map((v) => v + 1) }));
    const stride = 1000 * 3;
    await pool.predict(shifted, new Float32Array(2 * stride), 2);
    const after = await pool.initialParameters();
    assert.deepEqual(after, before);
  } finally {
    await pool.close();
  }
});
