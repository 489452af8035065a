import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arm } from '../eval/fixtures/arm-result.js';
import { summariseLocalOnly } from './local-only-summary.js';

test('the local-only mean averages window metrics and sums event counts over the stations; the worst is the lowest PR-AUC', () => {
  const { mean, worst } = summariseLocalOnly([arm('a', 0.2, 4, 6), arm('b', 0.4, null, 12), arm('c', 0.3, 2, 9)]);
  assert.equal(mean.window.prAuc.toFixed(3), '0.300');
  assert.deepEqual(mean.event.recallAtOne.all, { recall: 27 / 60, hits: 27, events: 60 });
  assert.equal(mean.event.recallAtOne.falseAlarms, 9);
  assert.equal(mean.event.recallAtFalseAlarmRate, 27 / 60);
  assert.equal(mean.event.falseAlarmsAtRecall, 3); // over the two stations that reach 90%
  assert.equal(worst.label, 'local-only (worst)');
  assert.equal(worst.window.prAuc, 0.2);
});
