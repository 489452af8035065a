import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunDirectory, RUN_FILES } from './runDirectory.js';
import { writeReport } from './report.js';
import { resultsMarkdown } from './table.js';
import { resolveScenario } from '../scenario.js';
import type { ArmResult, RoundRecord } from '../eval/types.js';

function arm(id: string, prAuc: number): ArmResult {
  return {
    id,
    label: id,
    window: {
      prAuc,
      bestF1: prAuc * 0.9,
      bestThreshold: 0.5,
      precisionAtBest: 0.8,
      recallAtBest: 0.7,
      positives: 10,
      negatives: 1000,
      prCurve: [
        { recall: 0.1, precision: 1 },
        { recall: 0.5, precision: prAuc },
        { recall: 1, precision: 0.05 },
      ],
    },
    event: {
      events: 20,
      stationDays: 3,
      recallAtFalseAlarmRate: 0.6,
      falseAlarmsAtRecall: id === 'stalta' ? null : 4.5,
      curve: [
        { threshold: 0.9, recall: 0.3, falseAlarmsPerStationDay: 0 },
        { threshold: 0.5, recall: 0.6, falseAlarmsPerStationDay: 1 },
        { threshold: 0.1, recall: 0.95, falseAlarmsPerStationDay: 10 },
      ],
    },
  };
}

const rounds: RoundRecord[] = [1, 2, 3].map((round) => ({
  arm: 'federated-focal',
  round,
  sampled: 5,
  returned: 4,
  failures: 1,
  elapsedMs: round * 1000,
  trainLoss: 0.1 / round,
  prAuc: 0.2 * round,
  bestF1: 0.15 * round,
}));

test('the results table has one row per model and marks unreached recall as never', () => {
  const md = resultsMarkdown([arm('federated-focal', 0.8), arm('stalta', 0.3)]);
  const lines = md.split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[2]!, /^\| federated-focal \| 0\.800 \| 0\.720 \| 0\.600 \| 4\.50 \|$/);
  assert.match(lines[3]!, /\| never \|$/);
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
  assert.deepEqual(lines.map((l) => JSON.parse(l)), rounds);
  assert.deepEqual(JSON.parse(await readFile(run.file(RUN_FILES.rounds), 'utf8')), rounds);
});

test('the report writes three SVG plots, Markdown linking them and HTML inlining them', async (t) => {
  const run = await RunDirectory.create(await tempDir(t), 'r');
  const scenario = resolveScenario({ name: 'unit' });
  await writeReport(run, { scenario, arms: [arm('federated-focal', 0.8), arm('centralised', 0.85)], rounds, facts: { backend: 'test' } });
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
