/**
 * Scenario: everything that defines one simulated federation and its evaluation. A scenario is
 * resolved from three layers — built-in defaults, an optional JSON file, then command-line overrides —
 * and validated once, so every run directory's `config.json` is the complete, replayable description.
 */
import { readFile } from 'node:fs/promises';
import { STRATEGY_NAMES, type StrategyName } from '@quakefed/coordinator';
import type { NoiseClass } from '@quakefed/seismic';
import { DEFAULT_SCENARIO } from './defaults.js';
import { ScenarioError, SimulationError, SIM_ERROR_CODES } from './errors.js';
import { seedIssues } from './seeds.js';

/** Loss functions the model package trains with. */
export const LOSSES = ['focal', 'bce', 'weighted-bce'] as const;
export type LossName = (typeof LOSSES)[number];

/** Noise classes of synthetic stations (the seismic package's), from quiet vaults to urban sites. */
export const NOISE_CLASSES = ['quiet-vault', 'rural', 'suburban', 'urban'] as const satisfies readonly NoiseClass[];

/** Local training configuration sent to each client with every FitIns. */
export interface TrainingConfig {
  loss: LossName;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  /** Heavy-ball momentum of local SGD, in [0, 1) (ignored by Adam). */
  momentum: number;
  /** Local steps' gradients are clipped to this global L2 norm; null: no clipping. */
  clipNorm: number | null;
  focalAlpha: number;
  focalGamma: number;
  /** Draw each local batch from quake and noise windows with probability ½ each. */
  classBalanced: boolean;
  /** FedProx μ of the federated runs' local training (μ·‖w − w_global‖²/2; 0: off). */
  proxMu: number;
  /**
   * Share, in [0, 1], of each epoch's noise windows that are the highest-scoring of a draw of
   * candidates (the client's `budget.miningCandidates` per window) under the weights the epoch starts
   * from: hard-negative mining, in the federated and the centralised runs alike. 0: all at random.
   */
  hardNegativeShare: number;
}

/** Coordinator strategies the simulator runs: every registered one (FedProx's μ is `training.proxMu`). */
export const STRATEGIES: readonly StrategyName[] = STRATEGY_NAMES;
export type { StrategyName };

/** Aggregation on the coordinator (the coordinator package's strategies). */
export interface StrategyConfig {
  /** A base strategy of the coordinator's registry (`STRATEGY_REGISTRY`: its help says what each does). */
  name: StrategyName;
  /** Server learning rate of `fedadam`, `fedyogi` and `fedavgm`; `null`: the coordinator's default (0.01, 0.01, 1). */
  serverLearningRate: number | null;
  /** Server momentum of `fedavgm`, in [0, 1). */
  serverMomentum: number;
  /** The coordinator's default guard against poisoned updates; false: the plain strategy (for comparison). */
  guard: boolean;
  /**
   * Quantile of recent update norms the guard clips at (× `guardMultiplier`), in [0.5, 1): the coordinator's
   * `guard.normQuantile`. 0.5, the median, is set by the stations that see no quake and clips the others.
   */
  guardQuantile: number;
  /** The guard clips at this many times that quantile, ≥ 1: the coordinator's `guard.normMultiplier`. */
  guardMultiplier: number;
}

/**
 * How the training stations differ from each other (the federation is non-IID by construction): the
 * knobs of the seismic package's `makeStationPopulation`, plus how much data each station holds.
 */
export interface DataConfig {
  /** Hours of archive behind each station's windows: its quake windows are all P arrivals in that time. */
  hoursPerStation: number;
  /** Noise windows each station holds (its archive; 43,200 = a day at a 2 s hop). Each round's budget
   *  draws its negatives from them; only the windows drawn are ever synthesized. */
  negativesPerStation: number;
  /** Median quake rate (events/day) of stations that see quakes at all. */
  quakesPerDay: number;
  /** Log-normal σ (natural log) of quake rates across stations. */
  quakeRateSpread: number;
  /** Share of stations (0..1) that see no quake at all. */
  shareWithoutQuakes: number;
  /** Share of stations (0..1) near an active fault: close seismicity at 5× the median rate. */
  nearFaultShare: number;
  /** Relative weights of the noise classes across stations (need not sum to 1). */
  noiseMix: Record<NoiseClass, number>;
  /** Hard negatives (vehicles, footsteps, glitches, teleseisms, noise bursts, boxcars) per hour: log-uniform in [min, max]. */
  hardNegativesPerHour: [number, number];
  /** Share of stations recording only the vertical component. */
  shareZOnly: number;
}

/** Faults injected into the federation to exercise the coordinator's tolerance. */
export interface FaultConfig {
  /** Probability (0..1) that a sampled client drops its connection instead of answering a FitIns. */
  dropoutProbability: number;
  /** Share of stations (0..1) that are stragglers: their results are delayed by `stragglerDelayMs`. */
  stragglerShare: number;
  stragglerDelayMs: number;
  /** Round after whose commit the coordinator is killed and restarted from its checkpoint; 0 = never. */
  coordinatorRestartAtRound: number;
  /** Stations that poison every update they send: their update (trained − global) times `poisonScale`. */
  poisoners: number;
  poisonScale: number;
}

/**
 * Validation stations: never trained on, own seed, synthesized like the test stations (the test
 * section's quake rate and detection hop). Per-round monitoring and early stopping use them only.
 */
export interface ValidationConfig {
  stations: number;
  seed: number;
  /** Hours of continuous stream per validation station. */
  streamHours: number;
}

/** Test stations: never seen in training or validation, own seed; scored once, at the end. */
export interface TestConfig {
  stations: number;
  seed: number;
  /** Hours of continuous stream per test station for event-level evaluation. */
  streamHours: number;
  /** Quake rate of the test stations, events/day (higher than typical so a few hours hold enough events). */
  quakesPerDay: number;
  /** Hop between detection windows on the continuous streams, seconds. */
  detectionHopSeconds: number;
  /** A detection from `[0]` s before to `[1]` s after an event's P arrival finds it (default the
   *  seismic package's `METRIC_DEFAULTS.hitWindowSeconds`, −5 … +10 s). */
  hitWindowSeconds: [number, number];
  /** P-wave SNR from which events count for the "above floor" recall (reported beside all events). */
  snrFloor: number;
}

/** Which comparisons an experiment runs besides the federated focal-loss run. */
export interface BaselineConfig {
  /** Losses run federated (each on the same federation and test stations). */
  federatedLosses: LossName[];
  /** Centralised baseline trained for as many window-epochs as one federated run. */
  centralised: boolean;
  /** Most epochs of the centralised baseline trained to convergence (early-stopped on validation
   *  PR-AUC); 0 = skip it. */
  convergedMaxEpochs: number;
  /** Training stations trained alone, at most (0 = skip the local-only baseline). */
  localOnlyStations: number;
  stalta: boolean;
}

/** One complete, validated scenario. */
export interface Scenario {
  name: string;
  /** Seed of the training population and of every sampling decision. */
  seed: number;
  /** Times the whole run is repeated, each with its own training, validation and test seeds
   *  (`seeds.ts`); more than 1: the report gives mean ± sd over the repeats. */
  seeds: number;
  /** Training stations in the federation (each one WebSocket client). */
  stations: number;
  rounds: number;
  /** Share of connected stations sampled per round (0..1]. */
  fractionFit: number;
  /** Minimum share (0..1] of the sampled clients whose results must arrive for a round to commit. */
  minFitShare: number;
  /** Round deadline: stragglers past it are ignored. */
  roundDeadlineMs: number;
  /** Local data budget: at most this many windows per client per round (all positives kept). */
  localBudget: number;
  strategy: StrategyConfig;
  training: TrainingConfig;
  data: DataConfig;
  faults: FaultConfig;
  validation: ValidationConfig;
  test: TestConfig;
  baselines: BaselineConfig;
  /** Saved model directory (e.g. `models/default`, a `quakefed pretrain` output; relative to the working
   *  directory) every compared model starts from; `null`: the freshly initialised reference model. */
  initialModel: string | null;
  /** Training worker threads; 0 = one per available core. */
  workers: number;
  /** Directory under which each run gets its own directory. */
  outDir: string;
}

/** A partial scenario as read from a JSON file or built from flags: sections may be partial too. */
export type ScenarioInput = Partial<
  Omit<Scenario, 'strategy' | 'training' | 'data' | 'faults' | 'validation' | 'test' | 'baselines'> & {
    strategy: Partial<StrategyConfig>;
    training: Partial<TrainingConfig>;
    data: Partial<Omit<DataConfig, 'noiseMix'>> & { noiseMix?: Partial<Record<NoiseClass, number>> };
    faults: Partial<FaultConfig>;
    validation: Partial<ValidationConfig>;
    test: Partial<TestConfig>;
    baselines: Partial<BaselineConfig>;
  }
>;

const SECTIONS = ['strategy', 'training', 'data', 'faults', 'validation', 'test', 'baselines'] as const;

/**
 * Merges layers over the defaults (later layers win, section by section) and validates the result.
 * @throws ScenarioError listing every problem when the result cannot run.
 */
export function resolveScenario(...layers: (ScenarioInput | undefined)[]): Scenario {
  const issues: string[] = [];
  let merged: Scenario = structuredClone(DEFAULT_SCENARIO);
  for (const layer of layers) {
    if (!layer) continue;
    issues.push(
      ...unknownKeys(layer as Record<string, unknown>, DEFAULT_SCENARIO as unknown as Record<string, unknown>, ''),
    );
    merged = mergeLayer(merged, layer);
  }
  issues.push(...validateScenario(merged));
  if (issues.length > 0) throw new ScenarioError(issues);
  return merged;
}

/** Reads a scenario JSON file (a partial scenario; missing keys take the defaults). */
export async function readScenarioFile(path: string): Promise<ScenarioInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SimulationError(
      SIM_ERROR_CODES.scenarioFile,
      `cannot read scenario file ${path}: ${(err as Error).message}`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('top level is not an object');
    return parsed as ScenarioInput;
  } catch (err) {
    throw new SimulationError(
      SIM_ERROR_CODES.scenarioFile,
      `scenario file ${path} is not a JSON object: ${(err as Error).message}`,
    );
  }
}

function mergeLayer(base: Scenario, layer: ScenarioInput): Scenario {
  const out = { ...base, ...layer } as Scenario;
  for (const s of SECTIONS) {
    const part = layer[s];
    if (part === undefined) continue;
    (out as unknown as Record<string, unknown>)[s] = { ...base[s], ...part };
  }
  if (layer.data?.noiseMix) out.data.noiseMix = { ...base.data.noiseMix, ...layer.data.noiseMix };
  return out;
}

/** Keys present in `layer` but not in `reference` (typos in a scenario file would otherwise be silently ignored). */
function unknownKeys(layer: Record<string, unknown>, reference: Record<string, unknown>, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    if (!(key in reference)) {
      out.push(`unknown option "${prefix}${key}"`);
      continue;
    }
    const ref = reference[key];
    const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(ref) && isObject(value)) {
      out.push(...unknownKeys(value as Record<string, unknown>, ref as Record<string, unknown>, `${prefix}${key}.`));
    }
  }
  return out;
}

/** Returns every problem with a fully merged scenario (empty when it can run). */
export function validateScenario(s: Scenario): string[] {
  const issues: string[] = [];
  const int = (name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      issues.push(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
    }
  };
  const num = (name: string, v: unknown, min: number, max: number, minExclusive = false) => {
    const ok = typeof v === 'number' && Number.isFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
    if (!ok)
      issues.push(`${name} must be a number in ${minExclusive ? '(' : '['}${min}, ${max}], got ${JSON.stringify(v)}`);
  };
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name))
    issues.push(`name must be a non-empty word (letters, digits, . _ -), got ${JSON.stringify(s.name)}`);
  int('seed', s.seed, 0, 2 ** 32 - 1);
  int('seeds', s.seeds, 1, 100);
  int('stations', s.stations, 1, 100_000);
  int('rounds', s.rounds, 1, 10_000);
  num('fractionFit', s.fractionFit, 0, 1, true);
  num('minFitShare', s.minFitShare, 0, 1, true);
  int('roundDeadlineMs', s.roundDeadlineMs, 1);
  int('localBudget', s.localBudget, 1);
  int('workers', s.workers, 0, 256);
  if (s.initialModel !== null && (typeof s.initialModel !== 'string' || s.initialModel.length === 0)) {
    issues.push(`initialModel must be a model directory or null, got ${JSON.stringify(s.initialModel)}`);
  }
  if (typeof s.outDir !== 'string' || s.outDir.length === 0) issues.push('outDir must be a non-empty path');

  const t = s.training;
  if (!LOSSES.includes(t.loss))
    issues.push(`training.loss must be one of ${LOSSES.join(', ')}, got ${JSON.stringify(t.loss)}`);
  int('training.epochs', t.epochs, 1, 1000);
  int('training.batchSize', t.batchSize, 1, 65_536);
  num('training.learningRate', t.learningRate, 0, 10, true);
  if (t.optimizer !== 'adam' && t.optimizer !== 'sgd')
    issues.push(`training.optimizer must be adam or sgd, got ${JSON.stringify(t.optimizer)}`);
  if (!(typeof t.momentum === 'number' && t.momentum >= 0 && t.momentum < 1))
    issues.push(`training.momentum must be in [0, 1), got ${JSON.stringify(t.momentum)}`);
  if (!(t.clipNorm === null || (typeof t.clipNorm === 'number' && t.clipNorm > 0)))
    issues.push(`training.clipNorm must be > 0 or null, got ${JSON.stringify(t.clipNorm)}`);
  num('training.focalAlpha', t.focalAlpha, 0, 1, true);
  num('training.focalGamma', t.focalGamma, 0, 10);
  num('training.proxMu', t.proxMu, 0, 1000);
  num('training.hardNegativeShare', t.hardNegativeShare, 0, 1);
  if (typeof t.classBalanced !== 'boolean')
    issues.push(`training.classBalanced must be true or false, got ${JSON.stringify(t.classBalanced)}`);
  if (!STRATEGIES.includes(s.strategy.name))
    issues.push(`strategy.name must be one of ${STRATEGIES.join(', ')}, got ${JSON.stringify(s.strategy.name)}`);
  if (s.strategy.serverLearningRate !== null)
    num('strategy.serverLearningRate', s.strategy.serverLearningRate, 0, 10, true);
  num('strategy.serverMomentum', s.strategy.serverMomentum, 0, 0.999);

  const d = s.data;
  num('data.hoursPerStation', d.hoursPerStation, 0, 24 * 365, true);
  int('data.negativesPerStation', d.negativesPerStation, 1, 1_000_000);
  num('data.quakesPerDay', d.quakesPerDay, 0, 10_000);
  num('data.quakeRateSpread', d.quakeRateSpread, 0, 10);
  num('data.shareWithoutQuakes', d.shareWithoutQuakes, 0, 1);
  num('data.nearFaultShare', d.nearFaultShare, 0, 1);
  if (d.shareWithoutQuakes + d.nearFaultShare > 1)
    issues.push('data.shareWithoutQuakes + data.nearFaultShare must not exceed 1');
  const [h0, h1] = Array.isArray(d.hardNegativesPerHour) ? d.hardNegativesPerHour : [Number.NaN, Number.NaN];
  if (!(Number.isFinite(h0) && Number.isFinite(h1) && h0 > 0 && h1 >= h0))
    issues.push(
      `data.hardNegativesPerHour must be [min, max] with 0 < min <= max, got ${JSON.stringify(d.hardNegativesPerHour)}`,
    );
  num('data.shareZOnly', d.shareZOnly, 0, 1);
  const mix = Object.entries(d.noiseMix);
  for (const [k, v] of mix) {
    if (!(NOISE_CLASSES as readonly string[]).includes(k))
      issues.push(`data.noiseMix.${k} is not a noise class (${NOISE_CLASSES.join(', ')})`);
    num(`data.noiseMix.${k}`, v, 0, 1e6);
  }
  if (mix.every(([, v]) => v === 0)) issues.push('data.noiseMix needs at least one class with a positive weight');
  if (d.shareWithoutQuakes === 1 || d.quakesPerDay === 0)
    issues.push(
      'no training station would see a quake: lower data.shareWithoutQuakes below 1 and set data.quakesPerDay > 0',
    );

  const f = s.faults;
  num('faults.dropoutProbability', f.dropoutProbability, 0, 1);
  num('faults.stragglerShare', f.stragglerShare, 0, 1);
  int('faults.stragglerDelayMs', f.stragglerDelayMs, 0);
  int('faults.coordinatorRestartAtRound', f.coordinatorRestartAtRound, 0);
  int('faults.poisoners', f.poisoners, 0);
  num('faults.poisonScale', f.poisonScale, -1e6, 1e6);
  // Only against a valid station count: an invalid one is its own issue already.
  if (Number.isInteger(s.stations) && s.stations >= 1 && f.poisoners > s.stations)
    issues.push(`faults.poisoners (${f.poisoners}) must not exceed stations (${s.stations})`);
  if (typeof s.strategy.guard !== 'boolean')
    issues.push(`strategy.guard must be true or false, got ${JSON.stringify(s.strategy.guard)}`);
  if (
    !(typeof s.strategy.guardQuantile === 'number' && s.strategy.guardQuantile >= 0.5 && s.strategy.guardQuantile < 1)
  )
    issues.push(`strategy.guardQuantile must be a number in [0.5, 1), got ${JSON.stringify(s.strategy.guardQuantile)}`);
  num('strategy.guardMultiplier', s.strategy.guardMultiplier, 1, 1000);
  if (f.coordinatorRestartAtRound >= s.rounds && f.coordinatorRestartAtRound !== 0) {
    issues.push(
      `faults.coordinatorRestartAtRound (${f.coordinatorRestartAtRound}) must be below rounds (${s.rounds}) so the restarted coordinator has a round to run`,
    );
  }
  if (f.dropoutProbability === 1) issues.push('faults.dropoutProbability 1 means no round can ever commit');

  const v = s.validation;
  int('validation.stations', v.stations, 1, 10_000);
  int('validation.seed', v.seed, 0, 2 ** 32 - 1);
  num('validation.streamHours', v.streamHours, 0, 24 * 365, true);

  const te = s.test;
  int('test.stations', te.stations, 1, 10_000);
  int('test.seed', te.seed, 0, 2 ** 32 - 1);
  num('test.streamHours', te.streamHours, 0, 24 * 365, true);
  num('test.quakesPerDay', te.quakesPerDay, 0, 100_000, true);
  num('test.detectionHopSeconds', te.detectionHopSeconds, 0, 3600, true);
  const [w0, w1] = Array.isArray(te.hitWindowSeconds) ? te.hitWindowSeconds : [Number.NaN, Number.NaN];
  if (!(Number.isFinite(w0) && Number.isFinite(w1) && w0 <= 0 && w1 > 0 && w1 - w0 <= 3600)) {
    issues.push(
      `test.hitWindowSeconds must be [before, after] with before <= 0 < after, at most an hour apart, got ${JSON.stringify(te.hitWindowSeconds)}`,
    );
  }
  num('test.snrFloor', te.snrFloor, 0, 1e6);

  const b = s.baselines;
  if (!Array.isArray(b.federatedLosses) || b.federatedLosses.some((l) => !LOSSES.includes(l))) {
    issues.push(`baselines.federatedLosses must list losses among ${LOSSES.join(', ')}`);
  } else if (new Set(b.federatedLosses).size !== b.federatedLosses.length) {
    issues.push('baselines.federatedLosses lists a loss twice');
  }
  int('baselines.localOnlyStations', b.localOnlyStations, 0);
  int('baselines.convergedMaxEpochs', b.convergedMaxEpochs, 0, 10_000);
  // Seed collisions only make sense once every seed and station count is a valid integer.
  if (issues.length === 0) issues.push(...seedIssues(s));
  return issues;
}
