/**
 * FedAvg (McMahan et al. 2017): the new global model is the average of the clients' models weighted by
 * their number of training examples — capped, so one client cannot claim unbounded weight.
 */
import type { Parameters } from '@quakefed/proto';
import { WeightedSum } from '../aggregate.js';
import { FEDAVG_DEFAULTS, type FedAvgOptions } from '../defaults.js';
import { OptionsError } from '../errors.js';
import { aggregateEvaluation } from './evaluation.js';
import { WeightedMetrics } from './metrics.js';
import type {
  ClientFailure,
  ClientInfo,
  ClientInstruction,
  EvaluateResult,
  FitAggregate,
  FitAggregator,
  FitResult,
  RoundMetrics,
  Strategy,
  StrategyState,
} from './types.js';

/** Folds a list of results through a streaming aggregator (the non-streaming `aggregateFit`). */
export function foldResults(
  aggregator: FitAggregator,
  results: readonly FitResult[],
  failures: readonly ClientFailure[],
): FitAggregate | null {
  for (const result of results) aggregator.add(result);
  return aggregator.finish(failures);
}

/** Federated averaging weighted by capped num_examples. Subclasses hook in via `configFor`/`serverUpdate`. */
export class FedAvg implements Strategy {
  readonly name: string = 'fedavg';
  protected readonly options: FedAvgOptions;

  constructor(options: Partial<FedAvgOptions> = {}) {
    // Config maps merge key by key, so a config file can override one training setting.
    this.options = {
      ...FEDAVG_DEFAULTS,
      ...options,
      fitConfig: { ...FEDAVG_DEFAULTS.fitConfig, ...options.fitConfig },
      evaluateConfig: { ...FEDAVG_DEFAULTS.evaluateConfig, ...options.evaluateConfig },
    };
    const cap = this.options.maxExampleWeight;
    if (!(cap > 0)) throw new OptionsError(`maxExampleWeight must be > 0, got ${cap}`);
  }

  initializeParameters(): Parameters | null {
    return this.options.initialParameters;
  }

  configureFit(round: number, _parameters: Parameters, clients: readonly ClientInfo[]): ClientInstruction[] {
    const config = this.fitConfig(round);
    return clients.map((c) => ({ clientId: c.id, config: { ...config } }));
  }

  /** Aggregation weight of a client: its example count, capped at `maxExampleWeight`. */
  weightOf(numExamples: number): number {
    return Math.min(numExamples, this.options.maxExampleWeight);
  }

  beginFit(round: number, parameters: Parameters): FitAggregator {
    const sum = new WeightedSum(parameters);
    const metrics = new WeightedMetrics();
    let examples = 0;
    return {
      add: (result) => {
        const weight = this.weightOf(result.numExamples);
        sum.add(result.parameters, weight);
        metrics.add(result.metrics, weight);
        examples += result.numExamples;
      },
      get count() {
        return sum.count;
      },
      finish: (failures) => {
        if (sum.count === 0) return null;
        return {
          parameters: this.serverUpdate(round, parameters, sum.mean()),
          metrics: { ...metrics.result(), clients: sum.count, failures: failures.length, examples },
        };
      },
    };
  }

  aggregateFit(
    round: number,
    parameters: Parameters,
    results: readonly FitResult[],
    failures: readonly ClientFailure[],
  ): FitAggregate | null {
    return foldResults(this.beginFit(round, parameters), results, failures);
  }

  configureEvaluate(_round: number, _parameters: Parameters, clients: readonly ClientInfo[]): ClientInstruction[] {
    return clients.map((c) => ({ clientId: c.id, config: { ...this.options.evaluateConfig } }));
  }

  aggregateEvaluate(
    _round: number,
    results: readonly EvaluateResult[],
    failures: readonly ClientFailure[],
  ): RoundMetrics | null {
    return aggregateEvaluation(results, failures, this.options.evaluateConfig);
  }

  exportState(): StrategyState {
    return { name: this.name, values: {}, tensors: {} };
  }

  importState(_state: StrategyState): void {
    // FedAvg is stateless.
  }

  /** Local training config sent with every FitIns of `round`. */
  protected fitConfig(_round: number): FedAvgOptions['fitConfig'] {
    return this.options.fitConfig;
  }

  /** Turns the clients' average into the new global model; FedAvg takes the average as is. */
  protected serverUpdate(_round: number, _global: Parameters, average: Parameters): Parameters {
    return average;
  }
}
