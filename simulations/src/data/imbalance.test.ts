import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenario } from '../scenario.js';
import { describeImbalance, imbalanceSummary } from './imbalance.js';
import type { TrainingStation } from './population.js';

/** A station that holds `positives` quake windows and `negatives` noise windows and draws `perRound` of them a round. */
function station(positives: number, negatives: number, perRound: number): TrainingStation {
  return {
    id: 'x',
    seed: 1,
    source: { positives, negatives, roundNegatives: () => perRound },
  } as unknown as TrainingStation;
}

test('the imbalance is given over the stations that see quakes: held and trained on per round', () => {
  const s = resolveScenario();
  const i = imbalanceSummary(s, [
    station(0, 43_200, 128),
    station(4, 43_200, 124),
    station(20, 40_000, 108),
    station(10, 43_200, 118),
  ]);
  assert.equal(i.stationsWithQuakes, 3);
  assert.deepEqual(i.held, { min: 2000, median: 4320, max: 10_800 });
  assert.deepEqual(i.perRound, { min: 5.4, median: 11.8, max: 31 });
  assert.equal(
    describeImbalance(i),
    'quake:noise windows on the 3 of 4 training stations that see quakes: held 1:4,320 (median; 1:2,000 … 1:10,800); trained on per round 1:12 (median; 1:5 … 1:31)',
  );
});

test('a federation without quake windows says so instead of a ratio', () => {
  assert.equal(
    describeImbalance(imbalanceSummary(resolveScenario(), [station(0, 100, 64)])),
    'none of the 1 training stations holds a quake window',
  );
});

test('a station with more quake than noise windows per round is written the other way round', () => {
  const i = imbalanceSummary(resolveScenario(), [station(200, 43_200, 64)]);
  assert.match(describeImbalance(i), /trained on per round 3\.1:1 \(median; 3\.1:1 … 3\.1:1\)$/);
});
