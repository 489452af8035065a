/**
 * Base of strategy wrappers (clipping, robust aggregation, ...): every method delegates to the inner
 * strategy; a wrapper overrides `beginFit` to transform what reaches the inner aggregation.
 */
import type { Parameters } from '@quakefed/proto';
import { foldResults } from './fedavg.js';
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

export abstract class DelegatingStrategy implements Strategy {
  abstract readonly name: string;

  constructor(protected readonly inner: Strategy) {
    if (inner.evaluate) this.evaluate = (round, parameters) => inner.evaluate!(round, parameters);
  }

  evaluate?: Strategy['evaluate'];

  initializeParameters(): Parameters | null {
    return this.inner.initializeParameters();
  }

  configureFit(round: number, parameters: Parameters, clients: readonly ClientInfo[]): ClientInstruction[] {
    return this.inner.configureFit(round, parameters, clients);
  }

  abstract beginFit(round: number, parameters: Parameters): FitAggregator;

  aggregateFit(
    round: number,
    parameters: Parameters,
    results: readonly FitResult[],
    failures: readonly ClientFailure[],
  ): FitAggregate | null {
    return foldResults(this.beginFit(round, parameters), results, failures);
  }

  configureEvaluate(round: number, parameters: Parameters, clients: readonly ClientInfo[]): ClientInstruction[] {
    return this.inner.configureEvaluate(round, parameters, clients);
  }

  aggregateEvaluate(
    round: number,
    results: readonly EvaluateResult[],
    failures: readonly ClientFailure[],
  ): RoundMetrics | null {
    return this.inner.aggregateEvaluate(round, results, failures);
  }

  /** Wrappers are stateless: the state is the inner strategy's, under the wrapper's name. */
  exportState(): StrategyState {
    return { ...this.inner.exportState(), name: this.name };
  }

  importState(state: StrategyState): void {
    this.inner.importState({ ...state, name: this.inner.name });
  }
}
