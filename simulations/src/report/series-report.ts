/** The report of repeated runs: every figure as mean ± sd over the seeds, and links to each seed's report. */
import type { Scenario } from '../scenario.js';
import type { ArmResult } from '../eval/types.js';
import type { ExperimentOutcome } from '../experiment.js';
import { federatedArmId } from '../arms.js';
import { describeImbalance } from '../data/imbalance.js';
import { scenarioForSeed } from '../seeds.js';
import { resultFigures, seriesTables, snrBandFigures } from './table.js';
import { seriesRatioLines } from './comparison.js';
import { HOW_TO_READ, scenarioSummary, testResolution } from './report.js';
import { tableBlocks, writeDocument } from './document.js';
import { RUN_FILES, SERIES_FILES, seedDirectory, type RunDirectory } from './run-directory.js';

/** `summary.json`: per model (first seed's order), each figure's value in every seed (null: never reached). */
export interface SeriesSummary {
  seeds: number;
  models: { id: string; label: string; figures: Record<string, (number | null)[]> }[];
}

/** The per-seed values behind the combined tables. */
export function seriesSummary(runs: ArmResult[][]): SeriesSummary {
  const figures = [...resultFigures(runs[0]!), ...snrBandFigures(runs[0]!)];
  return {
    seeds: runs.length,
    models: runs[0]!.map((first) => ({
      id: first.id,
      label: first.label,
      figures: Object.fromEntries(
        figures.map((f) => [
          f.header,
          runs.map((arms) => {
            const a = arms.find((x) => x.id === first.id);
            return a ? f.value(a) : null;
          }),
        ]),
      ),
    })),
  };
}

/** Writes report.md and report.html of a repeated run. */
export async function writeSeriesReport(
  dir: RunDirectory,
  s: Scenario,
  runs: ExperimentOutcome[],
  wallMs: number,
): Promise<void> {
  const arms = runs.map((r) => r.arms);
  const seeds = runs.map((_, k) => {
    const r = scenarioForSeed(s, k);
    return `seed ${k + 1}: training ${r.seed}, validation ${r.validation.seed}, test ${r.test.seed}; ${describeImbalance(runs[k]!.imbalance)}`;
  });
  await writeDocument(
    {
      title: `quakefed simulation report: ${s.name}, ${runs.length} seeds`,
      sections: [
        {
          title: 'Scenario',
          blocks: [{ kind: 'list', items: [...scenarioSummary(s), `${testResolution(s)} (per seed)`] }],
        },
        {
          title: `Results (test stations): mean ± sd over ${runs.length} seeds`,
          blocks: [
            ...seriesTables(arms).flatMap(tableBlocks),
            { kind: 'list', items: seriesRatioLines(arms, federatedArmId(s.training.loss)) },
          ],
        },
        {
          title: 'Seeds',
          blocks: [
            {
              kind: 'list',
              items: [
                ...seeds,
                `wall time: ${(wallMs / 1000).toFixed(1)} s`,
                `per-seed values: ${SERIES_FILES.summary}`,
              ],
            },
          ],
        },
        {
          title: 'Each seed’s report',
          blocks: [
            {
              kind: 'links',
              links: runs.map((_, k) => ({
                text: `seed ${k + 1}`,
                href: `${seedDirectory(k)}/${RUN_FILES.reportHtml}`,
              })),
            },
          ],
        },
        {
          title: 'How to read this',
          blocks: [
            {
              kind: 'list',
              items: [
                'Each figure is the mean ± sample standard deviation over the seeds; “[k/n seeds]”: only k of the n seeds reach it.',
                ...HOW_TO_READ,
              ],
            },
          ],
        },
      ],
    },
    dir.file(SERIES_FILES.reportMd),
    dir.file(SERIES_FILES.reportHtml),
  );
}
