/**
 * Local training and evaluation behind one small interface, so where the work runs is the caller's
 * choice: in this process by default, in a worker-thread pool in the simulator. Everything crossing
 * the interface is plain data (typed arrays, numbers, strings) that `postMessage` can transfer.
 */
import {
  buildModel,
  evaluateModel,
  getParameters,
  initBackend,
  setParameters,
  trainLocal,
  type BackendPreference,
  type ModelConfig,
  type TrainOptions,
} from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import type { ConfusionCounts, ScoreHistogram, WindowSet } from '@quakefed/seismic';

/** One local training task. */
export interface FitTask {
  /** Global weights to start from (also the FedProx anchor when `options.proxMu` > 0). */
  parameters: Parameters;
  data: WindowSet;
  options: TrainOptions;
}

/** Result of local training: full weights (not a delta). */
export interface FitOutcome {
  parameters: Parameters;
  numExamples: number;
  metrics: Record<string, number>;
}

/** One local evaluation task. */
export interface EvaluateTask {
  parameters: Parameters;
  data: WindowSet;
  /** Decision threshold of the confusion counts. */
  threshold: number;
  /** Bins of the score histogram. */
  bins: number;
}

/** Result of local evaluation (counts and histograms are integers so the coordinator merges them exactly). */
export interface EvaluateOutcome {
  loss: number;
  numExamples: number;
  confusion: ConfusionCounts;
  histogram: ScoreHistogram;
}

/** Runs fit and evaluate tasks; the client holds one and never calls it concurrently. */
export interface Trainer {
  /** Name of the compute backend in use (sent in Hello capabilities). */
  backend(): Promise<string>;
  fit(task: FitTask): Promise<FitOutcome>;
  evaluate(task: EvaluateTask): Promise<EvaluateOutcome>;
  /** Releases the model (tf memory, worker threads). */
  dispose(): Promise<void>;
}

/**
 * The default trainer: one tfjs model in this process, built on first use and reused for every task
 * (weights are replaced by `setParameters`, so no graph is rebuilt per round).
 */
export class InProcessTrainer implements Trainer {
  private model: ReturnType<typeof buildModel> | null = null;
  private backendName: Promise<string> | null = null;

  /**
   * @param backendPreference undefined: `initBackend`'s own default ('auto').
   * @param threads threads each training step is shared between (`TrainOptions.threads`); undefined: 1.
   */
  constructor(
    private readonly modelConfig?: Partial<ModelConfig>,
    private readonly backendPreference?: BackendPreference,
    private readonly threads?: number,
  ) {}

  backend(): Promise<string> {
    const name = this.backendName ?? initBackend(this.backendPreference);
    this.backendName = name;
    return name;
  }

  /** Weights of the freshly built model (what a coordinator without a checkpoint starts from). */
  async initialParameters(): Promise<Parameters> {
    return getParameters(await this.ready());
  }

  async fit(task: FitTask): Promise<FitOutcome> {
    const model = await this.ready();
    setParameters(model, task.parameters);
    const result = await trainLocal(model, task.data, {
      ...task.options,
      globalParameters: task.parameters,
      ...(this.threads === undefined ? {} : { threads: this.threads }),
    });
    return { parameters: result.parameters, numExamples: result.numExamples, metrics: result.metrics };
  }

  async evaluate(task: EvaluateTask): Promise<EvaluateOutcome> {
    const model = await this.ready();
    setParameters(model, task.parameters);
    const result = await evaluateModel(model, task.data, { threshold: task.threshold, bins: task.bins });
    return {
      loss: result.loss,
      numExamples: result.numExamples,
      confusion: result.confusion,
      histogram: result.histogram,
    };
  }

  async dispose(): Promise<void> {
    this.model?.dispose();
    this.model = null;
  }

  private async ready(): Promise<ReturnType<typeof buildModel>> {
    await this.backend();
    this.model ??= buildModel(this.modelConfig);
    return this.model;
  }
}
