/**
 * The Strategy contract (after Flower's `flwr/server/strategy/strategy.py`): the round engine knows
 * only this interface; what to send, how to combine results and what state to keep is the strategy's.
 */
import type { ConfigMap, Parameters } from '@quakefed/proto';
import type { ConfusionCounts, ScoreHistogram } from '@quakefed/seismic';

/** What the coordinator knows about a connected client. */
export interface ClientInfo {
  /** Stable client id (reconnecting with the same id replaces the old session). */
  readonly id: string;
  /** FDSN station ids (`NET.STA.LOC.CHA`) whose data the client trains on. */
  readonly stationIds: readonly string[];
  /** Capabilities announced in Hello (e.g. backend, tensor encodings). */
  readonly capabilities: ConfigMap;
}

/** Per-client instruction produced by `configureFit` / `configureEvaluate`. */
export interface ClientInstruction {
  clientId: string;
  /** Config map sent to the client (local training or evaluation settings). */
  config: ConfigMap;
}

/** A validated fit result (the engine has checked round, model version, layout and num_examples). */
export interface FitResult {
  clientId: string;
  /** The client's locally trained parameters (full weights, not a delta). */
  parameters: Parameters;
  /** Number of training examples the client used (positive integer). */
  numExamples: number;
  /** Client-reported training metrics (numeric entries are averaged, others ignored). */
  metrics: ConfigMap;
  /**
   * Set by a wrapper that shortened this update to its bound (the guard, fixed clipping): its length
   * is the bound's, not the client's, so a server step that extrapolates from lengths leaves it as is.
   */
  clipped?: boolean;
}

/** A client's evaluation of the global model on its local data. */
export interface EvaluateResult {
  clientId: string;
  numExamples: number;
  loss: number;
  /** Counts at the client's decision threshold; summed across clients. */
  confusion?: ConfusionCounts;
  /** Score histogram (positives/negatives); merged exactly across clients for PR-AUC. */
  histogram?: ScoreHistogram;
  metrics: ConfigMap;
}

/** A client that did not contribute (disconnect, deadline, error reply, rejected result). */
export interface ClientFailure {
  clientId: string;
  error: Error;
}

/** Flat numeric metrics of one round (what `/status` and the checkpoint history show). */
export type RoundMetrics = Record<string, number>;

/** Outcome of a fit aggregation. */
export interface FitAggregate {
  /** The new global parameters. */
  parameters: Parameters;
  metrics: RoundMetrics;
  /** Things the operator should know about this aggregate (logged by the round engine). */
  warnings?: string[];
}

/**
 * Streaming aggregation of one round: results are folded in as they arrive so the engine never holds
 * more than the in-flight updates.
 */
export interface FitAggregator {
  /** Folds one result in. @throws AggregationError if the result cannot be used (the aggregate is unchanged). */
  add(result: FitResult): void;
  /** Number of results folded in so far. */
  readonly count: number;
  /** The new global model; `null`: nothing was added, the global model is unchanged. */
  finish(failures: readonly ClientFailure[]): FitAggregate | null;
}

/** Checkpointable strategy state (e.g. server optimiser moments). */
export interface StrategyState {
  /** Name of the strategy that produced it; a different strategy does not import it. */
  name: string;
  /** Scalars (e.g. optimiser step). */
  values: Record<string, number>;
  /** Named parameter-shaped tensors (e.g. `m`, `v`). */
  tensors: Record<string, Parameters>;
  /**
   * Named lists of scalars kept exactly (float64; e.g. the guard's running windows of update norms).
   * Absent in checkpoints written before the guard saved its windows.
   */
  series?: Record<string, number[]>;
}

/** A federated learning strategy. */
export interface Strategy {
  /** Short name, e.g. `fedavg`, `clip(fedadam)`. */
  readonly name: string;
  /** Initial global parameters, or `null`: the coordinator initialises the model itself. */
  initializeParameters(): Parameters | null;
  /** Instructions for the sampled clients of a fit round (a strategy may drop clients). */
  configureFit(round: number, parameters: Parameters, clients: readonly ClientInfo[]): ClientInstruction[];
  /**
   * Starts the streaming aggregation of a round. Takes the current global model because update-based
   * strategies (clipping, server optimisers) need it; passing it beats remembering it between calls.
   */
  beginFit(round: number, parameters: Parameters): FitAggregator;
  /** Non-streaming form of `beginFit` for callers that hold every result. `null`: model unchanged. */
  aggregateFit(
    round: number,
    parameters: Parameters,
    results: readonly FitResult[],
    failures: readonly ClientFailure[],
  ): FitAggregate | null;
  /** Instructions for the sampled clients of a federated evaluation. */
  configureEvaluate(round: number, parameters: Parameters, clients: readonly ClientInfo[]): ClientInstruction[];
  /** Federated metrics from client evaluations; `null` when no client answered. */
  aggregateEvaluate(
    round: number,
    results: readonly EvaluateResult[],
    failures: readonly ClientFailure[],
  ): RoundMetrics | null;
  /** Optional server-side evaluation of the global model; `null`: not evaluated. */
  evaluate?(round: number, parameters: Parameters): Promise<RoundMetrics | null>;
  /** State to checkpoint after each committed round. */
  exportState(): StrategyState;
  /** Restores state saved by `exportState` of a strategy with the same name. */
  importState(state: StrategyState): void;
}
