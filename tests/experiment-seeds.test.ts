/**
 * End to end: `experiment` repeated over two seeds on a tiny federation — one run directory per seed,
 * each with its own seeds, and a combined report giving every figure as mean ± sd.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARM_IDS,
  resolveScenario,
  RUN_FILES,
  runSeries,
  SERIES_FILES,
  type Scenario,
  type SeriesOutcome,
} from '@quakefed/simulations';

let outDir: string;
let outcome: SeriesOutcome;

test.after(() => rm(outDir, { recursive: true, force: true }));

test.before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'qf-seeds-'));
  const scenario = resolveScenario({
    name: 'seeds',
    seeds: 2,
    stations: 6,
    rounds: 2,
    fractionFit: 0.5,
    localBudget: 48,
    workers: 2,
    outDir,
    data: { shareWithoutQuakes: 0.3 },
    validation: { stations: 2, streamHours: 0.25 },
    test: { stations: 2, streamHours: 0.25 },
    baselines: { federatedLosses: ['focal'], localOnlyStations: 1, convergedMaxEpochs: 2, stalta: false },
  });
  outcome = await runSeries(scenario, { kind: 'experiment' });
});

test('each seed gets a complete run directory with seeds of its own', async () => {
  assert.deepEqual((await readdir(outcome.runDir)).filter((f) => f.startsWith('seed-')).sort(), ['seed-1', 'seed-2']);
  const configs: Scenario[] = await Promise.all(
    ['seed-1', 'seed-2'].map(async (d) =>
      JSON.parse(await readFile(join(outcome.runDir, d, RUN_FILES.config), 'utf8')),
    ),
  );
  for (const key of ['seed', 'validation', 'test'] as const) {
    const seedOf = (c: Scenario) => (key === 'seed' ? c.seed : c[key].seed);
    assert.notEqual(seedOf(configs[0]!), seedOf(configs[1]!), `${key} seed repeated`);
  }
  for (const d of ['seed-1', 'seed-2']) JSON.parse(await readFile(join(outcome.runDir, d, RUN_FILES.results), 'utf8'));
});

test('both centralised baselines are compared in every seed', () => {
  for (const run of outcome.runs) {
    const ids = run.arms.map((a) => a.id);
    assert.ok(ids.includes(ARM_IDS.centralised) && ids.includes(ARM_IDS.converged), ids.join());
  }
});

test('the combined report gives mean ± sd per model and the per-seed values behind it', async () => {
  const md = await readFile(join(outcome.runDir, SERIES_FILES.reportMd), 'utf8');
  assert.match(md, /\| federated focal \| \d\.\d{3} ± \d\.\d{3} \|/);
  assert.match(md, /federated focal \/ centralised focal \(converged\), test PR-AUC ratio: /);
  const summary = JSON.parse(await readFile(join(outcome.runDir, SERIES_FILES.summary), 'utf8'));
  assert.equal(summary.seeds, 2);
  const fed = summary.models.find((m: { id: string }) => m.id === 'federated-focal');
  assert.deepEqual(
    fed.figures['PR-AUC'],
    outcome.runs.map((r) => r.arms.find((a) => a.id === 'federated-focal')!.window.prAuc),
  );
});
