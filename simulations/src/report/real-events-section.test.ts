import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RealEventTable } from '../real-events/experiment-table.js';
import type { RealEventScore } from '../real-events/score.js';
import { realEventsSection } from './real-events-section.js';

/** A score finding `hits` of 74 events with the given false detections in 20 min (non-BG) and 10 min (BG) of noise. */
function score(hits: number, falseDetections: number, busy: number): RealEventScore {
  const recall = (h: number, n: number) => ({ recall: h / n, hits: h, events: n });
  return {
    all: recall(hits, 74),
    byChannelType: {},
    verticalOnly: recall(0, 1),
    quietNetworks: recall(hits, 74),
    busyNetwork: recall(0, 1),
    noise: { falseDetections, noiseHours: 1 / 3, perHour: falseDetections * 3 },
    busyNetworkNoise: { falseDetections: busy, noiseHours: 1 / 6, perHour: busy * 6 },
    perEvent: [],
  };
}

const table: RealEventTable = {
  events: 74,
  hopSeconds: 3,
  falseAlarmsPerStationDay: 1,
  rows: [
    { id: 'federated-focal', label: 'federated focal', threshold: 0.5543, score: score(71, 5, 2) },
    { id: 'initial', label: 'initial model', threshold: null, score: null },
  ],
  stalta: score(66, 5, 6),
};

test('the real-events section gives each model its threshold, events found with counts and false detections; STA/LTA at its defaults', () => {
  const section = realEventsSection(table);
  const rows = section.blocks.find((b) => b.kind === 'table');
  assert.ok(rows?.kind === 'table');
  assert.deepEqual(rows.rows, [
    ['federated focal', '0.554', '0.96 (71/74)', '5 in 20.0 min', '2 in 10.0 min'],
    ['initial model', 'none reaches the target', '–', '–', '–'],
    ['STA/LTA (1 s / 10 s, on 4; blind for its first 10 s)', '–', '0.89 (66/74)', '5 in 20.0 min', '6 in 10.0 min'],
  ]);
  const text = section.blocks.find((b) => b.kind === 'text');
  assert.ok(text?.kind === 'text');
  assert.match(text.text, /hop 3 s; found: a detection within −5 … \+10 s of the analyst P pick/);
});
