/**
 * Baselines that train without a network: centralised (every training station's windows pooled into
 * one data set, one model) and local-only (each station trains alone on its own windows). Both use the
 * federated runs' model, loss and local settings, and run on the same pool.
 */
import type { TrainOptions } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { createRng, type WindowSet } from '@quakefed/seismic';
import type { LossName, Scenario } from '../scenario.js';
import type { TrainingPool } from '../pool/trainingPool.js';
import type { TrainingStation } from '../data/population.js';

/** Local training options of the scenario for a loss. */
export function trainOptions(s: Scenario, loss: LossName, seed: number, epochs = s.training.epochs): TrainOptions {
  const t = s.training;
  return { epochs, batchSize: t.batchSize, learningRate: t.learningRate, optimizer: t.optimizer, loss, focalAlpha: t.focalAlpha, focalGamma: t.focalGamma, classBalanced: t.classBalanced, seed };
}

/**
 * Windows × epochs a federated run trains on in total (what the centralised baseline is given):
 * rounds × sampled clients × the mean budgeted local set × local epochs.
 */
export function federatedTrainingWindows(s: Scenario, meanLocalWindows: number): number {
  const sampled = Math.max(1, Math.round(s.stations * s.fractionFit));
  return s.rounds * sampled * Math.min(s.localBudget, meanLocalWindows) * s.training.epochs;
}

/** Concatenates window sets (all with the same window shape). */
export function concatWindows(sets: WindowSet[]): WindowSet {
  const first = sets[0]!;
  const count = sets.reduce((n, w) => n + w.count, 0);
  const x = new Float32Array(count * first.length * first.channels);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const w of sets) {
    x.set(w.x, at * first.length * first.channels);
    labels.set(w.labels, at);
    at += w.count;
  }
  return { x, labels, count, length: first.length, channels: first.channels };
}

/** Result of a baseline training. */
export interface BaselineModel {
  parameters: Parameters;
  /** Windows × epochs trained on. */
  trainingWindows: number;
}

/** Centralised: all stations' windows pooled, trained for as many window-epochs as one federated run. */
export async function trainCentralised(s: Scenario, pool: TrainingPool, stations: TrainingStation[], initial: Parameters, loss: LossName): Promise<BaselineModel> {
  const data = concatWindows(await Promise.all(stations.map((st) => st.source.all())));
  const budget = federatedTrainingWindows(s, data.count / stations.length);
  const epochs = Math.max(1, Math.round(budget / data.count));
  const out = await pool.fit({ parameters: initial, data, options: trainOptions(s, loss, s.seed, epochs) });
  return { parameters: out.parameters, trainingWindows: epochs * data.count };
}

/** The stations trained alone: a seeded sample of `baselines.localOnlyStations` training stations. */
export function localOnlySample(s: Scenario, stations: TrainingStation[]): TrainingStation[] {
  const order = stations.slice();
  const rng = createRng(s.seed ^ 0x1b873593);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, s.baselines.localOnlyStations);
}

/**
 * Local-only: one station trains alone on all its windows, for as many epochs as it trains in the
 * federation on average (rounds × sampling fraction × local epochs, at least the local epochs).
 */
export async function trainLocalOnly(s: Scenario, pool: TrainingPool, station: TrainingStation, initial: Parameters, loss: LossName): Promise<BaselineModel> {
  const data = await station.source.all();
  const epochs = Math.max(s.training.epochs, Math.round(s.rounds * s.fractionFit * s.training.epochs));
  const out = await pool.fit({ parameters: initial, data, options: trainOptions(s, loss, station.seed, epochs) });
  return { parameters: out.parameters, trainingWindows: epochs * data.count };
}
