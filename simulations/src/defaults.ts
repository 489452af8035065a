/**
 * Documented defaults of the simulator, in one place. `resolveScenario` merges user layers over
 * `DEFAULT_SCENARIO`; `DEMO_SCENARIO` is the layer `quakefed demo` applies (sized to finish in under
 * five minutes on two cores, measured).
 */
import { GUARD_DEFAULTS } from '@quakefed/coordinator';
import { SHIPPED_MODEL_DIR } from '@quakefed/model';
import { METRIC_DEFAULTS } from '@quakefed/seismic';
import type { Scenario, ScenarioInput } from './scenario.js';

/** Operating points of the event-level results. */
export const EVENT_OPERATING_POINTS = {
  /** The headline false-alarm budget, per station-day (also what STA/LTA is tuned for). */
  falseAlarmsPerStationDay: 1,
  /** A looser budget, per station-day: where a detector that catches weak events shows it. */
  looseFalseAlarmsPerStationDay: 10,
  /** The event recall at which the false-alarm rate is read. */
  eventRecall: 0.9,
  /** P-wave SNR from which events count for the "above floor" figures (clearly visible events). */
  snrFloor: 5,
} as const;

export const DEFAULT_SCENARIO: Scenario = {
  name: 'federation',
  seed: 1,
  seeds: 1,
  stations: 100,
  rounds: 5,
  fractionFit: 0.3,
  minFitShare: 0.5,
  roundDeadlineMs: 60_000,
  localBudget: 128,
  // Local SGD with momentum: a client's update is proportional to its gradient, so the stations that see
  // no quake move the model little (a fresh Adam per round moved it most; simulations/README.md "Local
  // optimiser"). FedExP on the server: those near-zero updates and the quake stations' disagreeing ones
  // make the average several times shorter than each update, and FedExP's step grows to match (README
  // "Server step"). The learning rate and momentum are FedAvgM's, for scenarios that choose it.
  strategy: {
    name: 'fedexp',
    serverLearningRate: 1,
    serverMomentum: 0.7,
    guard: true,
    guardQuantile: GUARD_DEFAULTS.normQuantile,
    guardMultiplier: GUARD_DEFAULTS.normMultiplier,
  },
  training: {
    loss: 'focal',
    epochs: 2,
    batchSize: 16,
    learningRate: 0.05,
    optimizer: 'sgd',
    momentum: 0.9,
    // SGD follows the loss's scale: weighted BCE's positive weight (the local negative/positive ratio,
    // thousands at this imbalance) blew its weights up to NaN in one round without clipping.
    clipNorm: 1,
    // Focal loss defaults from Lin et al. (2017); alpha 0.25 down-weights the rare positives' *easy*
    // share less than it looks: gamma does most of the work.
    focalAlpha: 0.25,
    focalGamma: 2,
    classBalanced: false,
    proxMu: 0,
    hardNegativeShare: 0,
  },
  data: {
    hoursPerStation: 24,
    // A day of windows at a 2 s hop: a station with the median 5 quakes a day holds ~1:8600.
    negativesPerStation: 43_200,
    quakesPerDay: 5,
    quakeRateSpread: 1,
    shareWithoutQuakes: 0.5,
    nearFaultShare: 0.1,
    noiseMix: { 'quiet-vault': 1, rural: 4, suburban: 3, urban: 2 },
    hardNegativesPerHour: [0.5, 6],
    shareZOnly: 0.2,
  },
  faults: {
    dropoutProbability: 0,
    stragglerShare: 0,
    stragglerDelayMs: 0,
    coordinatorRestartAtRound: 0,
    poisoners: 0,
    poisonScale: 100,
  },
  validation: {
    stations: 6,
    seed: 2_000_003,
    streamHours: 2,
  },
  // 20 × 12 h = 10 station-days: one false alarm is 0.1 per station-day.
  test: {
    stations: 20,
    seed: 1_000_003,
    streamHours: 12,
    quakesPerDay: 48,
    detectionHopSeconds: 3,
    hitWindowSeconds: [...METRIC_DEFAULTS.hitWindowSeconds],
    snrFloor: EVENT_OPERATING_POINTS.snrFloor,
  },
  baselines: {
    federatedLosses: ['focal', 'bce', 'weighted-bce'],
    centralised: true,
    convergedMaxEpochs: 40,
    localOnlyStations: 6,
    stalta: true,
  },
  // Real deployments start from a pretrained model, and so does every compared model here: the one
  // shipped in the repository (`quakefed pretrain`, seeds no scenario uses). null: a fresh model.
  initialModel: SHIPPED_MODEL_DIR,
  workers: 0,
  outDir: 'runs',
};

/** The default demo (`quakefed demo`, `npm run demo`). */
export const DEMO_SCENARIO: ScenarioInput = {
  name: 'demo',
  stations: 150,
  rounds: 12,
  // 45 clients a round: the average over this many non-IID stations (half of them never see a quake)
  // is steady enough for server momentum; with 15 the global model swung from round to round.
  fractionFit: 0.3,
  localBudget: 96,
  // 96 noise windows per station (not a day's 43,200): the setting the demo was tuned at.
  data: { negativesPerStation: 96 },
  // 1 station-day of test streams (the report states its resolution: 1 false alarm = 1 per station-day).
  test: { stations: 12, streamHours: 2, quakesPerDay: 96 },
  baselines: { convergedMaxEpochs: 30 },
};

/** STA/LTA tuning grid (seconds and ratio), searched on the training stations' streams. */
export const STALTA_GRID = {
  staSeconds: [0.5, 1],
  ltaSeconds: [10, 30],
  onThreshold: [2.5, 3, 3.5, 4, 5, 6, 8],
  offRatio: 0.5,
} as const;

/**
 * Early stopping of the centralised baseline trained to convergence: validation PR-AUC is checked
 * every `epochsPerCheck` epochs; training stops after `patienceChecks` checks without a new best (or
 * at `baselines.convergedMaxEpochs`) and keeps the best weights.
 */
export const CONVERGENCE = {
  epochsPerCheck: 2,
  patienceChecks: 3,
} as const;

/** P-wave SNR bands of the event-recall breakdown: [snrMin, snrMax), snrMax null for the open band. */
export const SNR_BANDS = [
  { label: '< 2', snrMin: 0, snrMax: 2 },
  { label: '2–5', snrMin: 2, snrMax: 5 },
  { label: '5–10', snrMin: 5, snrMax: 10 },
  { label: '≥ 10', snrMin: 10, snrMax: null },
] as const;
