/**
 * Writes the human-readable report of a run: the plots (SVG) and the same content as Markdown (plots
 * linked) and as one self-contained HTML page (plots inlined).
 */
import { writeFile } from 'node:fs/promises';
import type { Scenario } from '../scenario.js';
import type { ArmResult, RoundRecord } from '../eval/types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';
import { eventSpec, prSpec, renderSvg, roundsSpec } from './plots.js';
import { resultsHeader, resultsMarkdown, resultsRows } from './table.js';
import { RUN_FILES, type RunDirectory } from './runDirectory.js';

/** What a report shows besides the scenario. */
export interface ReportContent {
  scenario: Scenario;
  arms: ArmResult[];
  rounds: readonly RoundRecord[];
  /** Facts about the run worth keeping next to the numbers (backend, wall time, faults seen, ...). */
  facts: Record<string, string | number>;
}

interface Plot {
  file: string;
  title: string;
  svg: string;
  caption: string;
}

/** Renders the plots and writes report.md and report.html into the run directory. */
export async function writeReport(run: RunDirectory, content: ReportContent): Promise<void> {
  const plots = await renderPlots(content);
  for (const p of plots) await writeFile(run.file(p.file), p.svg);
  await writeFile(run.file(RUN_FILES.reportMd), markdown(content, plots));
  await writeFile(run.file(RUN_FILES.reportHtml), html(content, plots));
}

async function renderPlots(c: ReportContent): Promise<Plot[]> {
  const s = c.scenario;
  return [
    {
      file: RUN_FILES.plotRounds,
      title: 'Metrics vs round',
      svg: await renderSvg(roundsSpec([...c.rounds])),
      caption: 'PR-AUC and best F1 of each federated run’s global model on the held-out windows after every committed round.',
    },
    {
      file: RUN_FILES.plotPr,
      title: 'Precision–recall curves',
      svg: await renderSvg(prSpec(c.arms)),
      caption: 'Window level, held-out stations. The area under each curve is the PR-AUC column of the table.',
    },
    {
      file: RUN_FILES.plotEvents,
      title: 'Event recall vs false alarms',
      svg: await renderSvg(eventSpec(c.arms, EVENT_OPERATING_POINTS.falseAlarmsPerStationDay)),
      caption:
        `Detection windows slid over ${s.test.streamHours} h continuous streams of each held-out station (hop ${s.test.detectionHopSeconds} s); ` +
        `consecutive positive windows merge into one detection, matched to true P arrivals within ±${s.test.matchToleranceSeconds} s. ` +
        `Up and to the left is better; the dashed line marks ${EVENT_OPERATING_POINTS.falseAlarmsPerStationDay} false alarm per station-day.`,
    },
  ];
}

function scenarioSummary(s: Scenario): string[] {
  return [
    `${s.stations} training stations, ${s.rounds} rounds, ${Math.round(s.fractionFit * 100)}% sampled per round, local budget ${s.localBudget} windows`,
    `local training: ${s.training.epochs} epoch(s), batch ${s.training.batchSize}, ${s.training.optimizer} lr ${s.training.learningRate}, focal α ${s.training.focalAlpha} γ ${s.training.focalGamma}`,
    `data: ${s.data.hoursPerStation} h per station, ${s.data.quakesPerDay} quakes/day (spread ×${s.data.quakeRateSpread}), ${Math.round(s.data.shareWithoutQuakes * 100)}% of stations without quakes, ${s.data.hardNegativesPerHour} hard negatives/h`,
    `faults: dropout ${s.faults.dropoutProbability}, stragglers ${Math.round(s.faults.stragglerShare * 100)}% delayed ${s.faults.stragglerDelayMs} ms, coordinator restart ${s.faults.coordinatorRestartAtRound ? `after round ${s.faults.coordinatorRestartAtRound}` : 'none'}`,
    `held-out: ${s.test.stations} stations (seed ${s.test.seed}), ${s.test.streamHours} h streams each`,
  ];
}

const HOW_TO_READ = [
  'PR-AUC (average precision) and F1 are window level: each held-out 10 s window is one sample, quakes are rare, so these — not accuracy — show whether quakes are found without drowning in false positives.',
  'Event level is what an operator sees: detections on continuous streams, matched to true P arrivals. “Event recall @ 1 FA/station-day” is the share of quakes found when the threshold allows one false alarm per station per day; “FA/station-day @ 90% recall” is the price of finding 90% of them (“never”: that recall is not reached at any threshold).',
  'Local-only rows: each sampled station trains alone on its own data; “mean” averages their metrics, “worst” is the weakest station — what a station without the federation would get.',
];

function markdown(c: ReportContent, plots: Plot[]): string {
  const lines = [`# quakefed simulation report: ${c.scenario.name}`, '', '## Scenario', ''];
  for (const l of scenarioSummary(c.scenario)) lines.push(`- ${l}`);
  lines.push('', '## Results (held-out stations)', '', resultsMarkdown(c.arms), '');
  for (const a of c.arms) if (a.note) lines.push(`- ${a.label}: ${a.note}`);
  lines.push('', '## Run', '');
  for (const [k, v] of Object.entries(c.facts)) lines.push(`- ${k}: ${v}`);
  for (const p of plots) lines.push('', `## ${p.title}`, '', `![${p.title}](${p.file})`, '', p.caption);
  lines.push('', '## How to read this', '');
  for (const l of HOW_TO_READ) lines.push(`- ${l}`);
  return `${lines.join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function html(c: ReportContent, plots: Plot[]): string {
  const li = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const header = resultsHeader().map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = resultsRows(c.arms)
    .map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<td>${escapeHtml(v)}</td>` : `<td class="n">${escapeHtml(v)}</td>`)).join('')}</tr>`)
    .join('\n');
  const notes = c.arms.filter((a) => a.note).map((a) => `${a.label}: ${a.note}`);
  const facts = Object.entries(c.facts).map(([k, v]) => `${k}: ${v}`);
  // The SVGs are inlined (no external files) so the page can be mailed or attached as is.
  const figures = plots
    .map((p) => `<h2>${escapeHtml(p.title)}</h2><figure>${p.svg.replace(/^<\?xml[^>]*>/, '')}<figcaption>${escapeHtml(p.caption)}</figcaption></figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>quakefed report: ${escapeHtml(c.scenario.name)}</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}
figcaption{color:#555;font-size:90%;max-width:760px}
</style></head><body>
<h1>quakefed simulation report: ${escapeHtml(c.scenario.name)}</h1>
<h2>Scenario</h2>${li(scenarioSummary(c.scenario))}
<h2>Results (held-out stations)</h2>
<table><thead><tr>${header}</tr></thead><tbody>
${rows}
</tbody></table>${notes.length ? li(notes) : ''}
<h2>Run</h2>${li(facts)}
${figures}
<h2>How to read this</h2>${li(HOW_TO_READ)}
</body></html>
`;
}
