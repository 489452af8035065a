/**
 * Repeated runs: the whole comparison run once per seed (`seeds` > 1), each repeat with its own
 * training population, sampling, validation and test stations (`seeds.ts`), in one directory with a
 * combined report that gives every figure as mean ± sd over the repeats.
 */
import type { Scenario } from './scenario.js';
import { scenarioForSeed } from './seeds.js';
import { runExperiment, type ExperimentOptions, type ExperimentOutcome } from './experiment.js';
import { RunDirectory, SERIES_FILES, seedDirectory } from './report/run-directory.js';
import { seriesSummary, writeSeriesReport } from './report/series-report.js';

/** What a repeated run wrote: its directory, the combined report and each seed's outcome. */
export interface SeriesOutcome {
  runDir: string;
  reportPath: string;
  /** One outcome per seed, in order. */
  runs: ExperimentOutcome[];
  wallMs: number;
}

/** Runs the scenario once per seed (`scenario.seeds` times) and writes the combined report. */
export async function runSeries(
  scenario: Scenario,
  options: Omit<ExperimentOptions, 'directory'>,
): Promise<SeriesOutcome> {
  const started = Date.now();
  const dir = await RunDirectory.create(scenario.outDir, scenario.name);
  options.onEvent?.({ type: 'started', runDir: dir.path });
  await dir.writeConfig(scenario);
  const runs: ExperimentOutcome[] = [];
  for (let k = 0; k < scenario.seeds; k++) {
    const repeat = scenarioForSeed(scenario, k);
    options.onEvent?.({
      type: 'phase',
      phase: `seed ${k + 1} of ${scenario.seeds}`,
      detail: `training seed ${repeat.seed}, validation ${repeat.validation.seed}, test ${repeat.test.seed}`,
    });
    runs.push(await runExperiment(repeat, { ...options, directory: dir.file(seedDirectory(k)) }));
  }
  await dir.writeJson(SERIES_FILES.summary, seriesSummary(runs.map((r) => r.arms)));
  const wallMs = Date.now() - started;
  await writeSeriesReport(dir, scenario, runs, wallMs);
  options.onEvent?.({ type: 'done', runDir: dir.path, wallMs });
  return { runDir: dir.path, reportPath: dir.file(SERIES_FILES.reportMd), runs, wallMs };
}
