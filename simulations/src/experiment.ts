/**
 * One run of the simulator, from scenario to report. `simulate` runs one federation (the scenario's
 * loss) and compares it with the initial model; `experiment` runs, on the same training stations,
 * every loss of `baselines.federatedLosses` federated, the centralised (equal budget and trained to
 * convergence) and local-only baselines and the tuned STA/LTA.
 *
 * Validation and test are apart: federated rounds are monitored, and the converged baseline is
 * early-stopped, on the validation stations only; every model is scored on the test stations once,
 * after all training (`eval/test-scoring.ts`).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DEFAULT_MODEL_CONFIG, writeModelDirectory } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import type { WindowSet } from '@quakefed/seismic';
import type { LossName, Scenario } from './scenario.js';
import { ARM_IDS, federatedArmId, LOSS_LABELS } from './arms.js';
import { TrainingPool } from './pool/training-pool.js';
import { makeTrainingStations, WINDOW_CACHE_BYTES, type TrainingStation } from './data/population.js';
import { CachedSynthesizer } from './data/window-cache.js';
import { makeValidationSet } from './data/held-out.js';
import { initialParameters } from './data/initial-model.js';
import { imbalanceSummary, type ImbalanceSummary } from './data/imbalance.js';
import { monitorParameters, type ArmId } from './eval/evaluate-arm.js';
import { modelScorer, scoreTestSet, type TestScorer } from './eval/test-scoring.js';
import type { ArmResult, RoundRecord } from './eval/types.js';
import { runFederation } from './federation/run-federation.js';
import {
  localOnlySample,
  pooledWindows,
  trainCentralised,
  trainConverged,
  trainLocalOnly,
  type BaselineModel,
} from './baselines/pooled-training.js';
import { summariseLocalOnly } from './baselines/local-only-summary.js';
import { staLtaScorer } from './baselines/stalta.js';
import { EXPERIMENT_FILES, REAL_EVENTS_FILE_KEYS, RunDirectory, RUN_FILES } from './report/run-directory.js';
import { writeReport } from './report/report.js';
import { DEV_SET_DIR } from './real-events/dev-set.js';
import { realEventTable, type RealEventTable } from './real-events/experiment-table.js';
import type { SimEvent, SimEventListener } from './progress/events.js';

export type ExperimentKind = 'simulate' | 'experiment';

export interface ExperimentOptions {
  kind: ExperimentKind;
  onEvent?: SimEventListener;
  /** Exact path of the run directory to create; default a new `<outDir>/<name>-<UTC time>`. */
  directory?: string;
}

export interface ExperimentOutcome {
  runDir: string;
  reportPath: string;
  /** One per compared model, in table order, scored on the test stations. */
  arms: ArmResult[];
  /** Per-round records; their metrics are on the validation stations. */
  rounds: RoundRecord[];
  imbalance: ImbalanceSummary;
  backend: string;
  wallMs: number;
  /** Largest number of stations connected to a coordinator at once. */
  maxConnected: number;
}

/** A trained model waiting for the test pass. */
interface TrainedModel {
  arm: ArmId;
  parameters: Parameters;
}

/** Runs one scenario (its seeds as given: see `runSeries` for repeats) and writes its run directory. */
export async function runExperiment(scenario: Scenario, options: ExperimentOptions): Promise<ExperimentOutcome> {
  const started = Date.now();
  const emit = (e: SimEvent) => options.onEvent?.(e);
  const run = options.directory
    ? await RunDirectory.at(options.directory)
    : await RunDirectory.create(scenario.outDir, scenario.name);
  // A repeat's directory lies inside its series' directory, which announced itself.
  if (!options.directory) emit({ type: 'started', runDir: run.path });
  await run.writeConfig(scenario);
  const pool = new TrainingPool(scenario.workers);
  try {
    const backend = await pool.backend();
    const { stations: n, validation: v, test: t } = scenario;
    emit({
      type: 'phase',
      phase: 'synthesizing stations',
      detail: `${n} training, ${v.stations} validation, ${t.stations} test; ${pool.size} workers on ${backend}`,
    });
    const windowCache = new CachedSynthesizer(pool, WINDOW_CACHE_BYTES);
    const stations = makeTrainingStations(scenario, pool, windowCache);
    const initial = initialParameters(scenario, pool);
    const validation = makeValidationSet(scenario);
    const ctx: Ctx = { scenario, pool, stations, validation, initial: await initial, run, emit };
    const imbalance = imbalanceSummary(scenario, stations);
    const losses = options.kind === 'experiment' ? scenario.baselines.federatedLosses : [scenario.training.loss];
    // Baseline training needs no network: it is queued on the pool now and runs alongside the
    // federations, so both workers stay busy (the centralised jobs alone would idle one core).
    const baselineModels = options.kind === 'experiment' ? trainBaselines(ctx) : null;
    baselineModels?.catch(() => {}); // awaited below; a failure surfaces there
    let maxConnected = 0;
    const federatedModels: TrainedModel[] = [];
    for (const loss of losses) {
      const fed = await federated(ctx, loss);
      maxConnected = Math.max(maxConnected, fed.maxConnected);
      federatedModels.push(fed.model);
    }
    const baselines = baselineModels ? await baselineModels : null;
    const scorers = [...federatedModels, ...(baselines?.central ?? [])].map((m) =>
      modelScorer(pool, m.parameters, m.arm),
    );
    const locals = (baselines?.locals ?? []).map((m) => modelScorer(pool, m.parameters, m.arm));
    const others: TestScorer[] = [];
    if (baselines && scenario.baselines.stalta) {
      emit({ type: 'phase', phase: 'STA/LTA baseline', detail: 'tuning on training stations' });
      others.push(
        staLtaScorer(
          scenario,
          stations.map((st) => st.source.profile),
        ),
      );
    }
    const initialLabel =
      scenario.initialModel === null
        ? 'initial model (untrained)'
        : `initial model (${relative(process.cwd(), scenario.initialModel) || scenario.initialModel})`;
    others.push(modelScorer(pool, ctx.initial, { id: ARM_IDS.initial, label: initialLabel }));

    const all = [...scorers, ...locals, ...others];
    // Training is over: the test pass's stations need the memory the training windows held.
    windowCache.clear();
    emit({
      type: 'phase',
      phase: 'scoring the test set',
      detail: `${all.length} detectors on ${t.stations} test stations × ${t.streamHours} h`,
    });
    const results = await scoreTestSet(scenario, all);
    const localResults = results.slice(scorers.length, scorers.length + locals.length);
    const arms = [
      ...results.slice(0, scorers.length),
      ...(localResults.length > 0 ? localOnlyRows(localResults) : []),
      ...results.slice(scorers.length + locals.length),
    ];
    for (const result of arms) emit({ type: 'result', result });

    let realEvents: RealEventTable | undefined;
    if (options.kind === 'experiment' && existsSync(DEV_SET_DIR)) {
      emit({ type: 'phase', phase: 'real earthquakes', detail: `models and STA/LTA on ${DEV_SET_DIR}` });
      const models = [
        ...federatedModels,
        ...(baselines?.central ?? []),
        { arm: { id: ARM_IDS.initial, label: initialLabel }, parameters: ctx.initial },
      ];
      realEvents = await realEventTable(scenario, pool, models, DEV_SET_DIR);
      await writeFile(run.file(EXPERIMENT_FILES.realEvents), JSON.stringify(realEvents, REAL_EVENTS_FILE_KEYS, 2));
    }

    emit({ type: 'phase', phase: 'writing the report', detail: run.path });
    // The saved global model is the scenario's own loss (focal by default) when it was run.
    const saved =
      federatedModels.find((m) => m.arm.id === federatedArmId(scenario.training.loss)) ?? federatedModels[0]!;
    await writeModelDirectory(run.modelDir, DEFAULT_MODEL_CONFIG, saved.parameters);
    await run.writeRounds();
    await run.writeResults(arms);
    const wallMs = Date.now() - started;
    await writeReport(run, {
      scenario,
      arms,
      rounds: run.roundRecords,
      imbalance,
      realEvents,
      facts: {
        kind: options.kind,
        backend,
        'training workers': pool.size,
        'max stations connected at once': maxConnected,
        'wall time': `${(wallMs / 1000).toFixed(1)} s`,
        'saved global model': `model/ (${saved.arm.label}, tfjs layers format)`,
      },
    });
    emit({ type: 'done', runDir: run.path, wallMs });
    return {
      runDir: run.path,
      reportPath: run.file(RUN_FILES.reportMd),
      arms,
      rounds: [...run.roundRecords],
      imbalance,
      backend,
      wallMs,
      maxConnected,
    };
  } finally {
    await pool.close();
  }
}

interface Ctx {
  scenario: Scenario;
  pool: TrainingPool;
  stations: TrainingStation[];
  /** Validation windows: per-round monitoring and early stopping. */
  validation: WindowSet;
  initial: Parameters;
  run: RunDirectory;
  emit: (e: SimEvent) => void;
}

/** One federated run, monitored on the validation set after every round. */
async function federated(ctx: Ctx, loss: LossName): Promise<{ model: TrainedModel; maxConnected: number }> {
  const { scenario: s, pool, validation, run, emit } = ctx;
  const arm = federatedArmId(loss);
  emit({
    type: 'phase',
    phase: `federated ${LOSS_LABELS[loss]}`,
    detail: `${s.stations} stations, ${s.rounds} rounds`,
  });
  await mkdir(run.file('state'), { recursive: true });
  // Rounds are monitored in order, each as soon as it commits (overlapping the next round's training).
  let monitoring = Promise.resolve();
  let windows = 0;
  const outcome = await runFederation({
    scenario: s,
    loss,
    members: ctx.stations,
    pool,
    initialParameters: ctx.initial,
    stateDir: run.file(join('state', arm)),
    logPath: run.file(`coordinator-${arm}.log`),
    onFault: (fault, detail) => emit({ type: 'fault', arm, round: 0, fault, detail }),
    onRound: (c) => {
      const sampled = (c.fit.clients ?? 0) + (c.fit.failures ?? 0);
      windows += (c.fit.examples ?? 0) * s.training.epochs;
      monitoring = monitoring.then(async () => {
        const m = await monitorParameters(pool, c.parameters, validation);
        const rec: RoundRecord = {
          arm,
          round: c.round,
          sampled,
          returned: c.fit.clients ?? 0,
          failures: c.fit.failures ?? 0,
          elapsedMs: c.elapsedMs,
          trainLoss: c.fit.loss ?? null,
          serverStep: c.fit.serverLearningRate ?? null,
          prAuc: m.prAuc,
          bestF1: m.bestF1,
        };
        await run.appendRound(rec);
        emit({ type: 'round', ...rec, rounds: s.rounds });
      });
    },
  });
  await monitoring;
  return {
    model: {
      arm: { id: arm, label: `federated ${LOSS_LABELS[loss]}`, trainingWindows: windows },
      parameters: outcome.parameters,
    },
    maxConnected: outcome.maxConnected,
  };
}

/** Queues the centralised and local-only trainings on the pool; resolves to the trained models. */
async function trainBaselines(ctx: Ctx): Promise<{ central: TrainedModel[]; locals: TrainedModel[] }> {
  const { scenario: s, pool, stations, validation, initial, emit } = ctx;
  const loss = s.training.loss;
  const label = `centralised ${LOSS_LABELS[loss]}`;
  const sample = localOnlySample(s, stations);
  emit({
    type: 'phase',
    phase: 'queued baselines',
    detail: `centralised (every station's windows pooled) and ${sample.length} stations alone, trained alongside the federations`,
  });
  const trained = (arm: ArmId, m: BaselineModel): TrainedModel => ({
    arm: { ...arm, trainingWindows: m.trainingWindows, note: m.note ?? arm.note },
    parameters: m.parameters,
  });
  const central = async (): Promise<TrainedModel[]> => {
    if (!s.baselines.centralised && s.baselines.convergedMaxEpochs === 0) return [];
    const pooled = await pooledWindows(s, stations);
    const [equal, converged] = await Promise.all([
      s.baselines.centralised ? trainCentralised(s, pool, pooled, stations.length, initial, loss) : null,
      s.baselines.convergedMaxEpochs > 0 ? trainConverged(s, pool, pooled, validation, initial, loss) : null,
    ]);
    const out: TrainedModel[] = [];
    if (equal)
      out.push(
        trained(
          {
            id: ARM_IDS.centralised,
            label: `${label} (equal budget)`,
            note: 'as many window-epochs as one federated run',
          },
          equal,
        ),
      );
    if (converged) out.push(trained({ id: ARM_IDS.converged, label: `${label} (converged)` }, converged));
    return out;
  };
  const [centralModels, locals] = await Promise.all([
    central(),
    Promise.all(
      sample.map(async (station) =>
        trained(
          { id: `local-${station.id}`, label: station.id },
          await trainLocalOnly(s, pool, station, initial, loss),
        ),
      ),
    ),
  ]);
  return { central: centralModels, locals };
}

/** The local-only rows of the table: the mean over the stations trained alone, and the worst of them. */
function localOnlyRows(results: ArmResult[]): ArmResult[] {
  const { mean, worst } = summariseLocalOnly(results);
  return [mean, worst];
}
