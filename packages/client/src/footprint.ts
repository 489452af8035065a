/**
 * Memory footprint of a gateway training round: the same work a FitIns triggers (data source → budget
 * → in-process training of the reference model), measured as the process's peak RSS. Run it in a
 * fresh process (the benchmark does) so nothing else counts towards the peak.
 */
import { DEFAULT_TRAIN_OPTIONS } from '@quakefed/model';
import { DATA_BUDGET_DEFAULTS, type DataBudget } from './defaults.js';
import { SyntheticStationSource, type SyntheticStationOptions } from './sources/synthetic.js';
import { budgetFromConfig } from './task-config.js';
import { InProcessTrainer } from './trainer.js';

/** What one measured round did and cost. */
export interface TrainingFootprint {
  backend: string;
  windowsTrained: number;
  trainSeconds: number;
  /** RSS after the backend and model were initialised, before any data: the client's floor. */
  baselineRssMb: number;
  /** Peak RSS of the process over the whole round (getrusage ru_maxrss). */
  peakRssMb: number;
}

const MB = 1024 * 1024;

/** Runs one training round on a synthetic station with the default budget and training options. */
export async function measureTrainingRound(
  source: Partial<SyntheticStationOptions> = {},
  budget: DataBudget = DATA_BUDGET_DEFAULTS,
): Promise<TrainingFootprint> {
  const trainer = new InProcessTrainer();
  const backend = await trainer.backend();
  const data = new SyntheticStationSource({ stationId: 'SY.FOOT.00.HHZ', seed: 1, ...source });
  // The global model a FitIns would carry: the reference model's initial weights.
  const global = await trainer.initialParameters();
  const baselineRssMb = process.memoryUsage().rss / MB;
  // A round's budget as a FitIns without a config makes it (no mining candidates).
  const windows = await data.trainingWindows(1, budgetFromConfig({}, budget));
  const started = performance.now();
  const outcome = await trainer.fit({
    parameters: global,
    data: windows,
    options: { ...DEFAULT_TRAIN_OPTIONS, seed: 1 },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  await trainer.dispose();
  return {
    backend,
    windowsTrained: outcome.numExamples,
    trainSeconds,
    baselineRssMb,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
  };
}
