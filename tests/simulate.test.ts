/**
 * End to end: a small federation (10 stations, 4 rounds) over the real coordinator and real WebSocket
 * clients, training on the worker pool, evaluated on held-out stations, with a complete run directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_MODEL_DIR } from '@quakefed/model';
import {
  resolveScenario,
  runExperiment,
  RUN_FILES,
  type ExperimentOutcome,
  type SimEvent,
} from '@quakefed/simulations';

const events: SimEvent[] = [];
let outcome: ExperimentOutcome;

let outDir: string;

test.after(() => rm(outDir, { recursive: true, force: true }));

test.before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'qf-sim-'));
  const scenario = resolveScenario({
    name: 'e2e',
    seed: 11,
    stations: 10,
    rounds: 4,
    fractionFit: 1,
    localBudget: 64,
    workers: 2,
    outDir,
    // Every station every round, small batches, a high rate: this tiny federation learns in 4 rounds.
    training: { epochs: 2, batchSize: 16, learningRate: 0.01 },
    data: { negativesPerStation: 64, shareWithoutQuakes: 0.3 },
    validation: { stations: 2, streamHours: 0.5 },
    // A high quake rate so that 1.5 station-hours hold enough events to rank models by.
    test: { stations: 3, streamHours: 0.5, quakesPerDay: 200 },
  });
  outcome = await runExperiment(scenario, { kind: 'simulate', onEvent: (e) => events.push(e) });
});

const arm = (id: string) => {
  const a = outcome.arms.find((x) => x.id === id);
  assert.ok(a, `no result for ${id}`);
  return a;
};

test('the federation fine-tunes the shipped model without wrecking it: its weights move, its PR-AUC holds', async () => {
  const federated = await readFile(join(outcome.runDir, RUN_FILES.modelWeights));
  const shipped = await readFile(join(SHIPPED_MODEL_DIR, 'weights.bin'));
  assert.equal(federated.length, shipped.length);
  assert.ok(!federated.equals(shipped), 'the federated weights are the shipped ones: nothing was trained');
  // Four rounds on ten stations do not reliably improve a pretrained model on 1.5 test station-hours;
  // what must not happen is the collapse a bad local optimiser or aggregation causes.
  const ratio = arm('federated-focal').window.prAuc / arm('initial').window.prAuc;
  assert.ok(ratio >= 0.9, `federated / initial PR-AUC ${ratio}`);
});

test('every round commits and is reported with the clients that returned', () => {
  const rounds = events.filter((e): e is Extract<SimEvent, { type: 'round' }> => e.type === 'round');
  assert.deepEqual(
    rounds.map((r) => r.round),
    [1, 2, 3, 4],
  );
  for (const r of rounds) assert.equal(r.returned, 10);
});

test('the run directory holds every file, and the JSON files parse', async () => {
  for (const rel of Object.values(RUN_FILES)) {
    const s = await stat(join(outcome.runDir, rel));
    assert.ok(s.size > 0, `${rel} is empty`);
  }
  const config = JSON.parse(await readFile(join(outcome.runDir, RUN_FILES.config), 'utf8'));
  assert.equal(config.stations, 10);
  assert.equal(JSON.parse(await readFile(join(outcome.runDir, RUN_FILES.rounds), 'utf8')).length, 4);
  const lines = (await readFile(join(outcome.runDir, RUN_FILES.roundsLog), 'utf8')).trim().split('\n');
  assert.equal(lines.map((l) => JSON.parse(l)).length, 4);
  const results = JSON.parse(await readFile(join(outcome.runDir, RUN_FILES.results), 'utf8'));
  assert.deepEqual(
    results.map((r: { id: string }) => r.id),
    ['federated-focal', 'initial'],
  );
  // results.json keeps the key it had before the API spelt seconds `…Seconds` (#14).
  assert.deepEqual(
    results.map((r: { event: Record<string, unknown> }) => [r.event.hitWindowS, 'hitWindowSeconds' in r.event]),
    [
      [[-5, 10], false],
      [[-5, 10], false],
    ],
  );
});

test('the saved global model is in tfjs layers format with every weight in weights.bin', async () => {
  const modelJson = JSON.parse(await readFile(join(outcome.runDir, RUN_FILES.modelJson), 'utf8'));
  assert.equal(modelJson.format, 'layers-model');
  const specs = modelJson.weightsManifest[0].weights as { shape: number[] }[];
  const floats = specs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  assert.equal((await stat(join(outcome.runDir, RUN_FILES.modelWeights))).size, floats * 4);
});
