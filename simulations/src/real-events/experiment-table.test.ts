import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parameters } from '@quakefed/proto';
import type { TrainingPool } from '../pool/training-pool.js';
import { resolveScenario } from '../scenario.js';
import { DEV_SET_DIR } from './dev-set.js';
import { realEventTable } from './experiment-table.js';

/** One short validation station that sees (almost surely) no quake: every detection on it is a false alarm. */
const s = resolveScenario({ validation: { stations: 1, streamHours: 0.1 }, test: { quakesPerDay: 0.001 } });
const models = [{ arm: { id: 'm', label: 'model' }, parameters: [] as Parameters }];

/** A pool scoring every window `score`, whose first predict call fails with `firstFailure` when given. */
function pool(score: number, firstFailure?: Error): TrainingPool {
  let calls = 0;
  const predict = async (count: number) => {
    if (calls++ === 0 && firstFailure) throw firstFailure;
    return new Float32Array(count).fill(score);
  };
  return {
    predict: (_: Parameters, _x: Float32Array, count: number) => predict(count),
    predictWindows: (_: Parameters, source: { count: number }) => predict(source.count),
  } as unknown as TrainingPool;
}

test('a model whose validation false alarms all score 1 gets no threshold and no figures, STA/LTA still does', async () => {
  const t = await realEventTable(s, pool(1), models, DEV_SET_DIR);
  assert.deepEqual(
    t.rows.map((r) => [r.id, r.threshold, r.score]),
    [['m', null, null]],
  );
  assert.equal(t.stalta.all.events, 74);
});

test('a failure while scoring the validation stations is raised, not reported as a model without a threshold', async () => {
  await assert.rejects(realEventTable(s, pool(0.1, new Error('worker died')), models, DEV_SET_DIR), /worker died/);
});
