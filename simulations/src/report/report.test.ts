import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { RunDirectory, RUN_FILES } from './run-directory.js';
import { scenarioSummary, writeReport } from './report.js';
import { resultsMarkdown, seriesMarkdown } from './table.js';
import { ratioLines, seriesRatioLines } from './comparison.js';
import { eventSpec, prSpec, roundsSpec } from './plots.js';
import { resolveScenario, type ScenarioInput } from '../scenario.js';
import type { ImbalanceSummary } from '../data/imbalance.js';
import type { RoundRecord } from '../eval/types.js';
import { arm } from '../eval/fixtures/arm-result.js';

const imbalance: ImbalanceSummary = {
  stations: 10,
  stationsWithQuakes: 5,
  held: { min: 1000, median: 8000, max: 40000 },
  perRound: { min: 2, median: 24, max: 120 },
};

const rounds: RoundRecord[] = [1, 2, 3].map((round) => ({
  arm: 'federated-focal',
  round,
  sampled: 5,
  returned: 4,
  failures: 1,
  elapsedMs: round * 1000,
  trainLoss: 0.1 / round,
  serverStep: null,
  prAuc: 0.2 * round,
  bestF1: 0.15 * round,
}));

test('the results table gives each event recall with its counts and marks unreached recall as never', () => {
  const md = resultsMarkdown([arm('federated-focal', 0.8), arm('stalta', 0.3)]);
  const lines = md.split('\n');
  assert.equal(
    lines[0],
    '| model | PR-AUC | F1 (best thr.) | event recall @ 0 FA | event recall @ ≤ 1 FA/station-day | event recall @ ≤ 10 FA/station-day | recall, SNR ≥ 5 @ ≤ 1 FA/station-day | FA/station-day @ 90% event recall |',
  );
  assert.equal(
    lines[2],
    '| federated-focal | 0.800 | 0.720 | 0.30 (6/20) | 0.60 (12/20) | 0.90 (18/20) | 0.60 (6/10) | 4.50 (14) |',
  );
  assert.match(lines[3]!, /\| never \|$/);
});

test('the results come with event recall by SNR band, with counts', () => {
  const md = resultsMarkdown([arm('federated-focal', 0.8)]);
  assert.match(
    md,
    /Event recall by P-wave SNR of the event, at ≤ 1 false alarm per station-day:\n\n\| model \| SNR < 5 \| SNR ≥ 5 \|/,
  );
  assert.match(md, /\| federated-focal \| 0\.60 \(6\/10\) \| 0\.60 \(6\/10\) \|$/);
});

/** A fresh temp directory, removed when the test ends. */
async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('two run directories created in the same second do not collide', async (t) => {
  const out = await tempDir(t);
  const now = new Date('2025-01-02T03:04:05Z');
  const a = await RunDirectory.create(out, 'x', now);
  const b = await RunDirectory.create(out, 'x', now);
  assert.notEqual(a.path, b.path);
  assert.deepEqual((await readdir(out)).sort(), ['x-20250102T030405Z', 'x-20250102T030405Z-1']);
});

test('rounds are appended as JSON lines and collected into rounds.json', async (t) => {
  const run = await RunDirectory.create(await tempDir(t), 'r');
  for (const r of rounds) await run.appendRound(r);
  await run.writeRounds();
  const lines = (await readFile(run.file(RUN_FILES.roundsLog), 'utf8')).trim().split('\n');
  assert.deepEqual(
    lines.map((l) => JSON.parse(l)),
    rounds,
  );
  assert.deepEqual(JSON.parse(await readFile(run.file(RUN_FILES.rounds), 'utf8')), rounds);
});

test('the report writes three SVG plots, Markdown linking them and HTML inlining them', async (t) => {
  const run = await RunDirectory.create(await tempDir(t), 'r');
  const scenario = resolveScenario({ name: 'unit' });
  await writeReport(run, {
    scenario,
    arms: [arm('federated-focal', 0.8), arm('centralised', 0.85)],
    rounds,
    imbalance,
    facts: { backend: 'test' },
  });
  for (const f of [RUN_FILES.plotRounds, RUN_FILES.plotPr, RUN_FILES.plotEvents]) {
    const svg = await readFile(run.file(f), 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<path/);
  }
  const md = await readFile(run.file(RUN_FILES.reportMd), 'utf8');
  assert.match(md, /!\[Precision–recall curves\]\(plots\/pr\.svg\)/);
  assert.match(md, /\| centralised \| 0\.850 \|/);
  const html = await readFile(run.file(RUN_FILES.reportHtml), 'utf8');
  assert.equal(html.match(/<svg/g)?.length, 3);
  assert.match(html, /<td>centralised<\/td>/);
});

test('the series table gives every figure as mean ± sd over the seeds with counts summed, and says when only some seeds reach one', () => {
  const runs = [
    [arm('federated-focal', 0.4, 2), arm('stalta', 0.3)],
    [arm('federated-focal', 0.6, null), arm('stalta', 0.5)],
  ];
  const lines = seriesMarkdown(runs).split('\n');
  assert.equal(
    lines[2],
    '| federated-focal | 0.500 ± 0.141 | 0.450 ± 0.127 | 0.30 ± 0.00 (12/40) | 0.60 ± 0.00 (24/40) | 0.90 ± 0.00 (36/40) | 0.60 ± 0.00 (12/20) | 2.00 ± 0.00 [1/2 seeds] (6) |',
  );
  assert.match(lines[3]!, /^\| stalta \| 0\.400 ± 0\.141 \|.*\| never \|$/);
});

test('federated / centralised is stated against both centralised baselines', () => {
  const arms = [arm('federated-focal', 0.45), arm('centralised', 0.6), arm('centralised-converged', 0.75)];
  assert.deepEqual(ratioLines(arms, 'federated-focal'), [
    'federated-focal / centralised, test PR-AUC: 0.450 / 0.600 = 0.75',
    'federated-focal / centralised-converged, test PR-AUC: 0.450 / 0.750 = 0.60',
  ]);
  const second = [arm('federated-focal', 0.3), arm('centralised', 0.6), arm('centralised-converged', 0.6)];
  assert.deepEqual(seriesRatioLines([arms, second], 'federated-focal'), [
    'federated-focal / centralised, test PR-AUC ratio: 0.63 ± 0.18 over 2 seeds',
    'federated-focal / centralised-converged, test PR-AUC ratio: 0.55 ± 0.07 over 2 seeds',
  ]);
});

/** The colour a rendered plot gives a model. */
async function colourOf(spec: TopLevelSpec, model: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    return view.scale('color')(model) as string;
  } finally {
    view.finalize();
  }
}

test('a model keeps its colour in every plot, including the per-round plot that shows only the federated runs', async () => {
  const arms = [arm('centralised', 0.85), arm('federated-focal', 0.8), arm('stalta', 0.3)];
  const colours = await Promise.all(
    [roundsSpec(rounds, arms), prSpec(arms), eventSpec(arms, 1)].map((spec) => colourOf(spec, 'federated-focal')),
  );
  assert.equal(new Set(colours).size, 1);
  assert.notEqual(colours[0], await colourOf(prSpec(arms), 'centralised'));
});

test('the report labels the per-round plot validation, the table test, and draws the no-skill line', async (t) => {
  const run = await RunDirectory.create(await tempDir(t), 'r');
  await writeReport(run, {
    scenario: resolveScenario({ name: 'unit' }),
    arms: [arm('federated-focal', 0.8)],
    rounds,
    imbalance,
    facts: {},
  });
  const md = await readFile(run.file(RUN_FILES.reportMd), 'utf8');
  assert.match(md, /## Validation metrics vs round/);
  assert.match(md, /## Results \(test stations\)/);
  assert.match(md, /held 1:8,000 \(median; 1:1,000 … 1:40,000\); trained on per round 1:24/);
  assert.match(
    md,
    /test resolution: 20 stations × 12 h = 10\.00 station-days, 20 events to find; one false alarm is 0\.10 per station-day/,
  );
  assert.match(await readFile(run.file(RUN_FILES.plotRounds), 'utf8'), /Validation window metrics vs round/);
  // 10 positives among 1010 test windows.
  assert.match(await readFile(run.file(RUN_FILES.plotPr), 'utf8'), /no skill: precision = positive share 0\.0099/);
});

test('the scenario summary names the local optimiser with its momentum, which Adam does not have', () => {
  const line = (training: ScenarioInput['training']) =>
    scenarioSummary(resolveScenario({ name: 'unit', training })).find((l) => l.startsWith('local training'));
  assert.match(
    line({ optimizer: 'sgd', momentum: 0.9, learningRate: 0.05 }) ?? '',
    /, sgd \(momentum 0\.9\) lr 0\.05,/,
  );
  assert.match(line({ optimizer: 'sgd', momentum: 0, learningRate: 0.05 }) ?? '', /, sgd lr 0\.05,/);
  assert.match(line({ optimizer: 'adam', momentum: 0.9, learningRate: 0.003 }) ?? '', /, adam lr 0\.003,/);
});
