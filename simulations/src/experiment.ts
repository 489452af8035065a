/**
 * One run of the simulator, from scenario to report. `simulate` runs one federation (the scenario's
 * loss) and compares it with the initial model; `experiment` runs, on the same stations and the same
 * held-out set, every loss of `baselines.federatedLosses` federated, the centralised and local-only
 * baselines and the tuned STA/LTA.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG, MODEL_JSON_FILE, modelArtifactsFromParameters, WEIGHTS_FILE } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import type { LossName, Scenario } from './scenario.js';
import { TrainingPool } from './pool/trainingPool.js';
import { makeTrainingStations, type TrainingStation } from './data/population.js';
import { makeHeldOutSet, type HeldOutSet } from './data/heldOut.js';
import { evaluateParameters, monitorParameters } from './eval/evaluateArm.js';
import type { ArmResult, RoundRecord } from './eval/types.js';
import { runFederation } from './federation/runFederation.js';
import { localOnlySample, trainCentralised, trainLocalOnly, type BaselineModel } from './baselines/pooledTraining.js';
import { summariseLocalOnly } from './baselines/localOnlySummary.js';
import { evaluateStaLta } from './baselines/stalta.js';
import { RunDirectory } from './report/runDirectory.js';
import { writeReport } from './report/report.js';
import { RUN_FILES } from './report/runDirectory.js';
import type { SimEvent, SimEventListener } from './progress/events.js';

export type ExperimentKind = 'simulate' | 'experiment';

export interface ExperimentOptions {
  kind: ExperimentKind;
  onEvent?: SimEventListener;
}

export interface ExperimentOutcome {
  runDir: string;
  reportPath: string;
  /** One per compared model, in table order. */
  arms: ArmResult[];
  rounds: RoundRecord[];
  backend: string;
  wallMs: number;
  /** Largest number of stations connected to a coordinator at once. */
  maxConnected: number;
}

/** Arm id of a federated run. */
export const federatedArmId = (loss: LossName) => `federated-${loss}`;

const LOSS_LABELS: Record<LossName, string> = { focal: 'focal', bce: 'BCE', 'weighted-bce': 'weighted BCE' };

/** Runs a scenario and writes its run directory. */
export async function runExperiment(scenario: Scenario, options: ExperimentOptions): Promise<ExperimentOutcome> {
  const started = Date.now();
  const emit = (e: SimEvent) => options.onEvent?.(e);
  const run = await RunDirectory.create(scenario.outDir, scenario.name);
  await run.writeConfig(scenario);
  const pool = new TrainingPool(scenario.workers);
  try {
    const backend = await pool.backend();
    emit({ type: 'phase', phase: 'synthesizing stations', detail: `${scenario.stations} training, ${scenario.test.stations} held-out; ${pool.size} workers on ${backend}` });
    const stations = makeTrainingStations(scenario, pool);
    const [heldOut, initial] = await Promise.all([
      Promise.resolve().then(() => makeHeldOutSet(scenario)),
      pool.initialParameters(),
      Promise.all(stations.map((s) => s.source.all())),
    ]);
    const ctx: Ctx = { scenario, pool, stations, heldOut, initial, run, emit };
    const arms: ArmResult[] = [];
    const record = (a: ArmResult) => {
      arms.push(a);
      emit({ type: 'result', result: a });
    };
    const losses = options.kind === 'experiment' ? scenario.baselines.federatedLosses : [scenario.training.loss];
    // Baseline training needs no network: it is queued on the pool now and runs alongside the
    // federations, so both workers stay busy (the centralised job alone would idle one core).
    const baselineModels = options.kind === 'experiment' ? trainBaselines(ctx) : null;
    baselineModels?.catch(() => {}); // awaited below; a failure surfaces there
    let maxConnected = 0;
    let savedModel: Parameters | null = null;
    for (const loss of losses) {
      const fed = await federated(ctx, loss);
      maxConnected = Math.max(maxConnected, fed.maxConnected);
      // The saved global model is the scenario's own loss (focal by default).
      if (loss === scenario.training.loss || savedModel === null) savedModel = fed.parameters;
      record(fed.result);
    }
    if (baselineModels) {
      for (const a of await evaluateBaselines(ctx, await baselineModels)) record(a);
    }
    emit({ type: 'phase', phase: 'evaluating the initial model' });
    record(await evaluateParameters(pool, initial, heldOut, { id: 'initial', label: 'initial model (untrained)' }, scenario.test.matchToleranceSeconds));

    emit({ type: 'phase', phase: 'writing the report', detail: run.path });
    await saveParameters(run.modelDir, savedModel!);
    await run.writeRounds();
    await run.writeResults(arms);
    const wallMs = Date.now() - started;
    await writeReport(run, {
      scenario,
      arms,
      rounds: run.roundRecords,
      facts: {
        kind: options.kind,
        backend,
        'training workers': pool.size,
        'max stations connected at once': maxConnected,
        'wall time': `${(wallMs / 1000).toFixed(1)} s`,
        'saved global model': `model/ (federated ${scenario.training.loss}, tfjs layers format)`,
      },
    });
    emit({ type: 'done', runDir: run.path, wallMs });
    return { runDir: run.path, reportPath: run.file(RUN_FILES.reportMd), arms, rounds: [...run.roundRecords], backend, wallMs, maxConnected };
  } finally {
    await pool.close();
  }
}

interface Ctx {
  scenario: Scenario;
  pool: TrainingPool;
  stations: TrainingStation[];
  heldOut: HeldOutSet;
  initial: Parameters;
  run: RunDirectory;
  emit: (e: SimEvent) => void;
}

/** One federated run, monitored on the held-out subset after every round, then fully evaluated. */
async function federated(ctx: Ctx, loss: LossName): Promise<{ result: ArmResult; parameters: Parameters; maxConnected: number }> {
  const { scenario: s, pool, heldOut, run, emit } = ctx;
  const arm = federatedArmId(loss);
  emit({ type: 'phase', phase: `federated ${LOSS_LABELS[loss]}`, detail: `${s.stations} stations, ${s.rounds} rounds` });
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
        const m = await monitorParameters(pool, c.parameters, heldOut);
        const rec: RoundRecord = {
          arm,
          round: c.round,
          sampled,
          returned: c.fit.clients ?? 0,
          failures: c.fit.failures ?? 0,
          elapsedMs: c.elapsedMs,
          trainLoss: c.fit.loss ?? null,
          prAuc: m.prAuc,
          bestF1: m.bestF1,
        };
        await run.appendRound(rec);
        emit({ type: 'round', ...rec, rounds: s.rounds });
      });
    },
  });
  await monitoring;
  const result = await evaluateParameters(pool, outcome.parameters, heldOut, { id: arm, label: `federated ${LOSS_LABELS[loss]}`, trainingWindows: windows }, s.test.matchToleranceSeconds);
  return { result, parameters: outcome.parameters, maxConnected: outcome.maxConnected };
}

interface BaselineModels {
  central: BaselineModel | null;
  locals: { station: TrainingStation; model: BaselineModel }[];
}

/** Queues the centralised and local-only trainings on the pool. */
async function trainBaselines(ctx: Ctx): Promise<BaselineModels> {
  const { scenario: s, pool, stations, initial, emit } = ctx;
  const sample = localOnlySample(s, stations);
  emit({ type: 'phase', phase: 'queued baselines', detail: `centralised (all windows pooled) and ${sample.length} stations alone, trained alongside the federations` });
  const [central, locals] = await Promise.all([
    s.baselines.centralised ? trainCentralised(s, pool, stations, initial, s.training.loss) : null,
    Promise.all(sample.map(async (station) => ({ station, model: await trainLocalOnly(s, pool, station, initial, s.training.loss) }))),
  ]);
  return { central, locals };
}

/** Evaluates the trained baselines, then tunes and measures STA/LTA. */
async function evaluateBaselines(ctx: Ctx, models: BaselineModels): Promise<ArmResult[]> {
  const { scenario: s, pool, heldOut, stations, emit } = ctx;
  const tol = s.test.matchToleranceSeconds;
  const loss = LOSS_LABELS[s.training.loss];
  const out: ArmResult[] = [];
  emit({ type: 'phase', phase: 'evaluating baselines' });
  if (models.central) {
    out.push(await evaluateParameters(pool, models.central.parameters, heldOut, { id: 'centralised', label: `centralised ${loss}`, trainingWindows: models.central.trainingWindows }, tol));
  }
  if (models.locals.length > 0) {
    const results = await Promise.all(
      models.locals.map(({ station, model }) => evaluateParameters(pool, model.parameters, heldOut, { id: `local-${station.id}`, label: station.id, trainingWindows: model.trainingWindows }, tol)),
    );
    const { mean, worst } = summariseLocalOnly(results);
    out.push(mean, worst);
  }
  if (s.baselines.stalta) {
    emit({ type: 'phase', phase: 'STA/LTA baseline', detail: 'tuning on training stations' });
    out.push(evaluateStaLta(s, stations.map((st) => st.source.profile), heldOut));
  }
  return out;
}

/** Writes weights in the tfjs layers format (model.json + weights.bin) without building a tf graph. */
async function saveParameters(dir: string, parameters: Parameters): Promise<void> {
  const files = modelArtifactsFromParameters(DEFAULT_MODEL_CONFIG, parameters);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), files.weights);
  await writeFile(join(dir, MODEL_JSON_FILE), JSON.stringify(files.modelJson));
}
