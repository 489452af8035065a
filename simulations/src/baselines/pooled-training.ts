/**
 * Baselines that train without a network: centralised (every training station's windows pooled into
 * one data set, one model) and local-only (each station trains alone on its own windows). Both use the
 * federated runs' model, loss and local settings, and run on the same pool.
 */
import { epochWindowCount, type TrainOptions } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { countPositives, createRng, type WindowSet } from '@quakefed/seismic';
import { budgetNegatives, miningOptions } from '@quakefed/client';
import { CONVERGENCE } from '../defaults.js';
import type { LossName, Scenario } from '../scenario.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { stationBudget, type TrainingStation } from '../data/population.js';
import { concatWindows } from '../data/window-sets.js';
import { monitorParameters } from '../eval/evaluate-arm.js';

/** Round number of the draw the centralised baselines pool (federated rounds count from 1). */
const POOLED_DRAW = 0;

/** The scenario's local training settings, as a client's fit config and a baseline share them. */
export type LocalTrainingOptions = Pick<
  TrainOptions,
  | 'epochs'
  | 'batchSize'
  | 'learningRate'
  | 'optimizer'
  | 'momentum'
  | 'clipNorm'
  | 'loss'
  | 'focalAlpha'
  | 'focalGamma'
  | 'classBalanced'
  | 'hardNegativeShare'
>;

/** The scenario's local training settings for a loss (what a client's fit config and a baseline share). */
export function localTrainingOptions(s: Scenario, loss: LossName, epochs = s.training.epochs): LocalTrainingOptions {
  const t = s.training;
  return {
    epochs,
    batchSize: t.batchSize,
    learningRate: t.learningRate,
    optimizer: t.optimizer,
    momentum: t.momentum,
    ...(t.clipNorm === null ? {} : { clipNorm: t.clipNorm }),
    loss,
    focalAlpha: t.focalAlpha,
    focalGamma: t.focalGamma,
    classBalanced: t.classBalanced,
    // Only when mining, so a fit config without it stays what older gateways read.
    ...(t.hardNegativeShare > 0 ? { hardNegativeShare: t.hardNegativeShare } : {}),
  };
}

/** Local training options of the scenario for a loss. */
export function trainOptions(s: Scenario, loss: LossName, seed: number, epochs = s.training.epochs): TrainOptions {
  return { ...localTrainingOptions(s, loss, epochs), seed };
}

/**
 * Windows × epochs a federated run trains on in total (what the equal-budget centralised baseline is
 * given): rounds × sampled clients × the mean budgeted local set × local epochs.
 */
export function federatedTrainingWindows(s: Scenario, meanLocalWindows: number): number {
  const sampled = Math.max(1, Math.round(s.stations * s.fractionFit));
  return s.rounds * sampled * Math.min(s.localBudget, meanLocalWindows) * s.training.epochs;
}

/** Result of a baseline training. */
export interface BaselineModel {
  parameters: Parameters;
  /** Windows × epochs trained on. */
  trainingWindows: number;
  /** How it was trained, for the report (e.g. where early stopping ended). */
  note?: string;
}

/** The centralised baselines' data: the pooled windows and the options that train on them. */
export interface PooledWindows {
  data: WindowSet;
  /**
   * Negatives each epoch trains on when the scenario mines hard negatives (each station's budgeted
   * count, summed; the rest of `data`'s negatives are candidates); undefined: every window every epoch.
   */
  negativesPerEpoch: number | undefined;
}

/**
 * The data both centralised baselines train on: every training station's windows of one budgeted draw
 * (all its quake windows, negatives drawn from its archive as a round draws them, mining candidates
 * included), pooled. The pool therefore has the quake:noise mix the federation trains on, with every
 * station in it.
 */
export async function pooledWindows(s: Scenario, stations: TrainingStation[]): Promise<PooledWindows> {
  const draws = await Promise.all(
    stations.map(async (st) => {
      const budget = stationBudget(s, st);
      const data = await st.source.roundWindows(POOLED_DRAW, budget);
      const positives = countPositives(data.labels);
      return { data, negatives: Math.min(budgetNegatives(positives, budget), data.count - positives) };
    }),
  );
  const data = concatWindows(draws.map((d) => d.data));
  if (!(s.training.hardNegativeShare > 0)) return { data, negativesPerEpoch: undefined };
  return { data, negativesPerEpoch: draws.reduce((sum, d) => sum + d.negatives, 0) };
}

/** Centralised, equal budget: the pooled windows, trained for as many window-epochs as one federated run. */
export async function trainCentralised(
  s: Scenario,
  pool: TrainingPool,
  pooled: PooledWindows,
  stations: number,
  initial: Parameters,
  loss: LossName,
): Promise<BaselineModel> {
  const { data, negativesPerEpoch } = pooled;
  const perEpoch = epochWindowCount(data.labels, negativesPerEpoch);
  const epochs = Math.max(1, Math.round(federatedTrainingWindows(s, perEpoch / stations) / perEpoch));
  const options = {
    ...trainOptions(s, loss, s.seed, epochs),
    ...(negativesPerEpoch === undefined ? {} : { negativesPerEpoch }),
  };
  const out = await pool.fit({ parameters: initial, data, options });
  return { parameters: out.parameters, trainingWindows: epochs * perEpoch };
}

/**
 * Centralised, trained to convergence: the pooled windows, {@link CONVERGENCE}`.epochsPerCheck` epochs
 * at a time, scored on the validation set after each; stops after `patienceChecks` checks without a
 * new best validation PR-AUC, or at `baselines.convergedMaxEpochs`, and returns the best weights.
 * Each chunk is its own `fit` (the optimiser's moments restart, as they do every federated round).
 */
export async function trainConverged(
  s: Scenario,
  pool: Pick<TrainingPool, 'fit' | 'predict'>,
  pooled: PooledWindows,
  validation: WindowSet,
  initial: Parameters,
  loss: LossName,
): Promise<BaselineModel> {
  const { data, negativesPerEpoch } = pooled;
  const perEpoch = epochWindowCount(data.labels, negativesPerEpoch);
  const mining = negativesPerEpoch === undefined ? {} : { negativesPerEpoch };
  let parameters = initial;
  let best = { prAuc: -1, parameters: initial, epochs: 0 };
  let epochs = 0;
  let stale = 0;
  while (epochs < s.baselines.convergedMaxEpochs && stale < CONVERGENCE.patienceChecks) {
    const chunk = Math.min(CONVERGENCE.epochsPerCheck, s.baselines.convergedMaxEpochs - epochs);
    const options = { ...trainOptions(s, loss, s.seed + epochs, chunk), ...mining };
    ({ parameters } = await pool.fit({ parameters, data, options }));
    epochs += chunk;
    const { prAuc } = await monitorParameters(pool, parameters, validation);
    if (prAuc > best.prAuc) {
      best = { prAuc, parameters, epochs };
      stale = 0;
    } else {
      stale++;
    }
  }
  const stopped =
    epochs >= s.baselines.convergedMaxEpochs
      ? `stopped at the ${epochs}-epoch cap`
      : `no better validation PR-AUC for ${stale * CONVERGENCE.epochsPerCheck} epochs`;
  return {
    parameters: best.parameters,
    trainingWindows: best.epochs * perEpoch,
    note: `early-stopped on validation PR-AUC: best ${best.prAuc.toFixed(3)} after ${best.epochs} epochs of ${perEpoch} pooled windows; trained ${epochs}, ${stopped}`,
  };
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
 * Local-only: one station trains alone as it would in the federation without the others — as many
 * rounds as it is sampled on average (rounds × sampling fraction, at least one), each on that round's
 * budgeted draw for the local epochs, each starting from where the last ended.
 */
export async function trainLocalOnly(
  s: Scenario,
  pool: TrainingPool,
  station: TrainingStation,
  initial: Parameters,
  loss: LossName,
): Promise<BaselineModel> {
  const rounds = Math.max(1, Math.round(s.rounds * s.fractionFit));
  let parameters = initial;
  let trainingWindows = 0;
  for (let round = 1; round <= rounds; round++) {
    const budget = stationBudget(s, station);
    const data = await station.source.roundWindows(round, budget);
    const options = miningOptions(trainOptions(s, loss, station.seed + round), data.labels, budget);
    ({ parameters } = await pool.fit({ parameters, data, options }));
    trainingWindows += epochWindowCount(data.labels, options.negativesPerEpoch) * s.training.epochs;
  }
  return { parameters, trainingWindows };
}
