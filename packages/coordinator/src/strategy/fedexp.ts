/**
 * FedExP (Jhunjhunwala, Wang & Joshi, ICLR 2023, "FedExP: Speeding Up Federated Averaging via
 * Extrapolation"): FedAvg whose server step extrapolates past the clients' average by an amount the
 * round itself measures,
 *   η = max(1, ½ · Σ pᵢ‖Δᵢ‖² / ‖Δ̄‖²),  global ← global + η·Δ̄,
 * where Δᵢ is client i's update, pᵢ its aggregation weight (Σ pᵢ = 1) and Δ̄ = Σ pᵢΔᵢ. When the clients'
 * updates agree, the average is as long as they are and η stays 1 (FedAvg); when they point different
 * ways — non-IID stations, half of which see no quake — the average is much shorter than each update
 * and the step grows in proportion, where a fixed large server step overshoots in the rounds whose
 * updates agree.
 *
 * η is bounded by half the number of results: that is its value when the updates are orthogonal and
 * of equal length, and it exceeds it only when updates cancel each other, where a longer step would
 * rest on noise. An update that a wrapper clipped (`FitResult.clipped`: the guard, fixed clipping)
 * enters at η 1: its share of the average is stepped once, not extrapolated, so what the guard bounds
 * a hostile client to is what it moves the model by, as under FedAvg. Stateless; each round's η is
 * reported as the `serverLearningRate` round metric. Under robust aggregation the strategy sees one
 * aggregate, so η is 1.
 */
import type { Parameters } from '@quakefed/proto';
import { updateNorm, WeightedSum } from '../aggregate.js';
import { FedAvg } from './fedavg.js';
import type { FitAggregator } from './types.js';

/** The round's server step from the spread of its updates (see the file comment). */
export function extrapolationStep(meanSquaredUpdate: number, averageSquared: number, results: number): number {
  if (!(averageSquared > 0)) return 1;
  return Math.min(Math.max(1, results / 2), Math.max(1, (0.5 * meanSquaredUpdate) / averageSquared));
}

/** What one round's aggregate measured, for the server step. */
interface RoundSpread {
  /** Weighted mean of the updates' squared lengths. */
  meanSquared: number;
  results: number;
  /** The clipped results' weighted mean model and their share of the total weight. */
  clipped: { mean: Parameters; share: number } | null;
}

export class FedExP extends FedAvg {
  override readonly name: string = 'fedexp';
  private spread: RoundSpread = { meanSquared: 0, results: 0, clipped: null };
  private step = 1;

  override beginFit(round: number, parameters: Parameters): FitAggregator {
    const inner = super.beginFit(round, parameters);
    const clipped = new WeightedSum(parameters);
    let weightedSquares = 0;
    let weights = 0;
    return {
      add: (result) => {
        inner.add(result);
        const weight = this.weightOf(result.numExamples);
        weightedSquares += weight * updateNorm(result.parameters, parameters) ** 2;
        weights += weight;
        if (result.clipped) clipped.add(result.parameters, weight);
      },
      get count() {
        return inner.count;
      },
      finish: (failures) => {
        this.spread = {
          meanSquared: weights > 0 ? weightedSquares / weights : 0,
          results: inner.count,
          clipped: clipped.count > 0 ? { mean: clipped.mean(), share: clipped.totalWeight / weights } : null,
        };
        const out = inner.finish(failures);
        return out && { ...out, metrics: { ...out.metrics, serverLearningRate: this.step } };
      },
    };
  }

  /** global + η·Δ̄, less (η − 1) × the clipped results' share of Δ̄ (stepped once, not extrapolated). */
  protected override serverUpdate(_round: number, global: Parameters, average: Parameters): Parameters {
    const { meanSquared, results, clipped } = this.spread;
    this.step = extrapolationStep(meanSquared, updateNorm(average, global) ** 2, results);
    const eta = this.step;
    return global.map((t, i) => {
      const g = t.data;
      const avg = average[i]!.data;
      const kept = clipped?.mean[i]!.data;
      const keptShare = clipped ? (eta - 1) * clipped.share : 0;
      const out = new Float32Array(g.length);
      for (let j = 0; j < g.length; j++) {
        out[j] = g[j]! + eta * (avg[j]! - g[j]!) - (kept ? keptShare * (kept[j]! - g[j]!) : 0);
      }
      return { name: t.name, shape: [...t.shape], data: out };
    });
  }
}
