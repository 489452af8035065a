/**
 * Writes the human-readable report of a run: the plots (SVG) and the same content as Markdown (plots
 * linked) and as one self-contained HTML page (plots inlined).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WINDOW_DEFAULTS } from '@quakefed/seismic';
import type { Scenario } from '../scenario.js';
import type { ArmResult, RoundRecord } from '../eval/types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';
import { federatedArmId } from '../arms.js';
import { describeImbalance, type ImbalanceSummary } from '../data/imbalance.js';
import { eventSpec, positiveShare, prSpec, renderSvg, roundsSpec } from './plots.js';
import { resultTables } from './table.js';
import { ratioLines } from './comparison.js';
import { tableBlocks, writeDocument, type Block, type ReportDocument, type Section } from './document.js';
import { RUN_FILES, type RunDirectory } from './run-directory.js';
import { realEventsSection } from './real-events-section.js';
import type { RealEventTable } from '../real-events/experiment-table.js';

/** What a report shows besides the scenario. */
export interface ReportContent {
  scenario: Scenario;
  /** Compared models in table order, scored on the test stations. */
  arms: ArmResult[];
  /** Per-round records (validation metrics). */
  rounds: readonly RoundRecord[];
  imbalance: ImbalanceSummary;
  /** The models on the real development events (experiments only). */
  realEvents?: RealEventTable;
  /** Facts about the run worth keeping next to the numbers (backend, wall time, faults seen, ...). */
  facts: Record<string, string | number>;
}

/** Renders the plots and writes report.md and report.html into the run directory. */
export async function writeReport(run: RunDirectory, content: ReportContent): Promise<void> {
  const plots = await renderPlots(content);
  for (const p of plots) {
    await mkdir(dirname(run.file(p.file)), { recursive: true });
    await writeFile(run.file(p.file), p.svg);
  }
  await writeDocument(reportDocument(content, plots), run.file(RUN_FILES.reportMd), run.file(RUN_FILES.reportHtml));
}

type Plot = Extract<Block, { kind: 'figure' }> & { title: string };

async function renderPlots(c: ReportContent): Promise<Plot[]> {
  const s = c.scenario;
  const figure = (file: string, title: string, svg: string, caption: string): Plot => ({
    kind: 'figure',
    file,
    title,
    alt: title,
    svg,
    caption,
  });
  return [
    figure(
      RUN_FILES.plotRounds,
      'Validation metrics vs round',
      await renderSvg(roundsSpec([...c.rounds], c.arms)),
      `PR-AUC and best F1 of each federated run’s global model after every committed round, on the validation stations ` +
        `(every positive window and ~2000 negatives of ${s.validation.stations} stations × ${s.validation.streamHours} h: fewer negatives than the test set, so higher figures). Not the test set.`,
    ),
    figure(
      RUN_FILES.plotPr,
      'Precision–recall curves',
      await renderSvg(prSpec(c.arms)),
      `Window level, test stations. The area under each curve is the PR-AUC column of the table; the dashed line is a detector without skill (precision = the positive share, ${positiveShare(c.arms).toPrecision(2)}).`,
    ),
    figure(
      RUN_FILES.plotEvents,
      'Event recall vs false alarms',
      await renderSvg(eventSpec(c.arms, EVENT_OPERATING_POINTS.falseAlarmsPerStationDay)),
      `Detection windows slid over ${s.test.streamHours} h continuous streams of each test station (hop ${s.test.detectionHopSeconds} s); ` +
        `consecutive positive windows merge into one detection, matched to true P arrivals. ` +
        `Up and to the left is better; the dashed line marks ${EVENT_OPERATING_POINTS.falseAlarmsPerStationDay} false alarm per station-day.`,
    ),
  ];
}

/** Station-days of the test streams, and what one false alarm is per station-day on them. */
export function testResolution(s: Scenario, events?: number): string {
  const days = (s.test.stations * s.test.streamHours) / 24;
  const found = events === undefined ? '' : `, ${events} events to find`;
  return `test resolution: ${s.test.stations} stations × ${s.test.streamHours} h = ${days.toFixed(2)} station-days${found}; one false alarm is ${(1 / days).toFixed(2)} per station-day`;
}

/** The scenario in a few lines (also the head of a repeated run's report). */
export function scenarioSummary(s: Scenario): string[] {
  return [
    `${s.stations} training stations, ${s.rounds} rounds, ${Math.round(s.fractionFit * 100)}% sampled per round, local budget ${s.localBudget} windows`,
    `local training: ${s.training.epochs} epoch(s), batch ${s.training.batchSize}, ${s.training.optimizer}${s.training.optimizer === 'sgd' && s.training.momentum > 0 ? ` (momentum ${s.training.momentum})` : ''} lr ${s.training.learningRate}, focal α ${s.training.focalAlpha} γ ${s.training.focalGamma}`,
    `data: ${s.data.hoursPerStation} h per station (${s.data.negativesPerStation} noise windows held), ${s.data.quakesPerDay} quakes/day (spread ×${s.data.quakeRateSpread}), ${Math.round(s.data.shareWithoutQuakes * 100)}% of stations without quakes, ${s.data.hardNegativesPerHour} hard negatives/h`,
    `faults: dropout ${s.faults.dropoutProbability}, stragglers ${Math.round(s.faults.stragglerShare * 100)}% delayed ${s.faults.stragglerDelayMs} ms, coordinator restart ${s.faults.coordinatorRestartAtRound ? `after round ${s.faults.coordinatorRestartAtRound}` : 'none'}`,
    `validation (per-round monitoring, early stopping): ${s.validation.stations} stations (seed ${s.validation.seed}), ${s.validation.streamHours} h streams each`,
    `test (scored once, after all training): ${s.test.stations} stations (seed ${s.test.seed}), ${s.test.streamHours} h streams each, ${s.test.quakesPerDay} quakes/day`,
  ];
}

/** How to read the results table (also in a repeated run's report). */
export const HOW_TO_READ = [
  'Validation and test stations are apart: the per-round figures and the converged baseline’s early stopping use the validation stations only; the table is every model scored once on the test stations.',
  `PR-AUC (average precision) and F1 are window level: each test ${WINDOW_DEFAULTS.windowSeconds} s window is one sample, quakes are rare, so these — not accuracy — show whether quakes are found without drowning in false positives.`,
  'Event level is what an operator sees: detections on continuous streams, matched to true P arrivals. “Event recall @ 1 FA/station-day” is the share of quakes found when the threshold allows one false alarm per station per day; “FA/station-day @ 90% recall” is the price of finding 90% of them (“never”: that recall is not reached at any threshold).',
  'Centralised rows: every training station’s windows pooled; “equal budget” trains for as many window-epochs as one federated run, “converged” until its validation PR-AUC stops improving. “Federated / centralised” is stated against both.',
  'Local-only rows: each sampled station trains alone on its own data; “mean” averages their metrics, “worst” is the weakest station — what a station without the federation would get.',
];

function reportDocument(c: ReportContent, plots: Plot[]): ReportDocument {
  const s = c.scenario;
  const sections: Section[] = [
    {
      title: 'Scenario',
      blocks: [
        {
          kind: 'list',
          items: [...scenarioSummary(s), testResolution(s, c.arms[0]?.event.events), describeImbalance(c.imbalance)],
        },
      ],
    },
    {
      title: 'Results (test stations)',
      blocks: [
        ...resultTables(c.arms).flatMap(tableBlocks),
        { kind: 'list', items: ratioLines(c.arms, federatedArmId(s.training.loss)) },
        { kind: 'list', items: c.arms.filter((a) => a.note).map((a) => `${a.label}: ${a.note}`) },
      ],
    },
    ...(c.realEvents ? [realEventsSection(c.realEvents)] : []),
    { title: 'Run', blocks: [{ kind: 'list', items: Object.entries(c.facts).map(([k, v]) => `${k}: ${v}`) }] },
    ...plots.map((p) => ({ title: p.title, blocks: [p] })),
    { title: 'How to read this', blocks: [{ kind: 'list', items: HOW_TO_READ }] },
  ];
  return { title: `quakefed simulation report: ${s.name}`, sections };
}
