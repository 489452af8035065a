/**
 * Runs one federation end to end over real sockets: the coordinator package's `Coordinator` in this
 * process (the scenario's strategy, checkpoints in the run directory) and one `SimulatedStation` per
 * training station.
 * A scheduled coordinator restart stops the coordinator after the given round and starts a new one on
 * the same port and state directory: it resumes from its checkpoint and the clients reconnect by
 * themselves.
 */
import { createWriteStream } from 'node:fs';
import {
  Coordinator,
  COORDINATOR_DEFAULTS,
  GUARD_DEFAULTS,
  STRATEGY_REGISTRY,
  type CoordinatorOptions,
  type StrategySpec,
} from '@quakefed/coordinator';
import type { DataSource } from '@quakefed/client';
import { createLogger } from '@quakefed/core';
import type { Parameters } from '@quakefed/proto';
import type { LossName, Scenario, StrategyConfig } from '../scenario.js';
import { localTrainingOptions } from '../baselines/pooled-training.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { SimulatedStation } from './station.js';

/** One training station of the federation. */
export interface FederationMember {
  id: string;
  seed: number;
  source: DataSource;
}

/** A committed round as seen by the simulator. */
export interface CommittedRound {
  round: number;
  /** Global model after the round. */
  parameters: Parameters;
  /** Fit metrics the strategy reported (results, failures, mean loss, ...). */
  fit: Record<string, number>;
  attempts: number;
  /** Since the federation started. */
  elapsedMs: number;
}

export interface FederationOptions {
  scenario: Scenario;
  loss: LossName;
  members: FederationMember[];
  pool: TrainingPool;
  /** Starting model, shared by every compared run. */
  initialParameters: Parameters;
  /** Checkpoint directory of the coordinator. */
  stateDir: string;
  /** The coordinator's JSON-lines log is written here. */
  logPath: string;
  onRound?: (round: CommittedRound) => void;
  onFault?: (fault: 'dropout' | 'straggler' | 'coordinator-restart', detail: string) => void;
}

export interface FederationOutcome {
  parameters: Parameters;
  rounds: CommittedRound[];
  /** Largest number of stations connected at once (sampled when rounds start). */
  maxConnected: number;
}

/** Pause of a crashed gateway before it boots again. */
const REBOOT_DELAY_MS = 500;

/** Coordinator options for a scenario (the FitIns config carries the training settings). */
export function coordinatorOptions(
  scenario: Scenario,
  loss: LossName,
  stateDir: string,
  memberCount: number,
): Partial<CoordinatorOptions> {
  const sampled = Math.max(1, Math.round(memberCount * scenario.fractionFit));
  return {
    host: '127.0.0.1',
    port: 0,
    rounds: scenario.rounds,
    minAvailable: memberCount,
    fractionFit: scenario.fractionFit,
    minFit: Math.min(sampled, memberCount),
    minFitResults: Math.max(1, Math.ceil(sampled * scenario.minFitShare)),
    roundDeadlineMs: scenario.roundDeadlineMs,
    retryDelayMs: 200,
    // The simulator evaluates every global model on the held-out stations itself.
    evaluateEvery: 0,
    seed: scenario.seed,
    stateDir,
    // Every simulated station connects from loopback: the per-address cap is the whole population's,
    // twice over for stations reconnecting while their old socket closes.
    maxConnections: Math.max(COORDINATOR_DEFAULTS.maxConnections, 2 * memberCount),
    maxConnectionsPerAddress: Math.max(COORDINATOR_DEFAULTS.maxConnectionsPerAddress, 2 * memberCount),
    logLevel: 'info',
    strategy: {
      ...serverOptimizer(scenario.strategy),
      fitConfig: {
        ...localTrainingOptions(scenario, loss),
        proxMu: scenario.training.proxMu,
        maxWindows: scenario.localBudget,
      },
    },
  };
}

/** The coordinator's strategy spec for the scenario's server optimiser (each strategy gets only its own keys). */
function serverOptimizer(
  s: StrategyConfig,
): Pick<StrategySpec, 'name' | 'serverLearningRate' | 'serverMomentum' | 'guard'> {
  const reads: readonly string[] = STRATEGY_REGISTRY[s.name].optionKeys;
  const lr =
    reads.includes('serverLearningRate') && s.serverLearningRate !== null
      ? { serverLearningRate: s.serverLearningRate }
      : {};
  const momentum = reads.includes('serverMomentum') ? { serverMomentum: s.serverMomentum } : {};
  // The coordinator's default guard at the scenario's bound, or none.
  const bound = { normQuantile: s.guardQuantile, normMultiplier: s.guardMultiplier };
  const guard = { guard: s.guard ? { ...GUARD_DEFAULTS, ...bound } : null };
  return { name: s.name, ...lr, ...momentum, ...guard };
}

/** Runs the federation to its last round and returns the final global model. */
export async function runFederation(o: FederationOptions): Promise<FederationOutcome> {
  const log = createWriteStream(o.logPath, { flags: 'a' });
  const started = Date.now();
  const rounds: CommittedRound[] = [];
  let maxConnected = 0;
  let coordinator: Coordinator | null = null;
  let restartDue: (() => void) | null = null;
  const restartAt = o.scenario.faults.coordinatorRestartAtRound;

  const options = coordinatorOptions(o.scenario, o.loss, o.stateDir, o.members.length);
  const makeCoordinator = (port: number): Coordinator => {
    const c = new Coordinator(
      { ...options, port },
      { initialParameters: o.initialParameters, logger: createLogger({ write: (line) => log.write(line) }) },
    );
    c.on('roundStarted', () => {
      maxConnected = Math.max(maxConnected, c.status().connected);
    });
    c.on('roundCommitted', ({ round, parameters, fit, attempts }) => {
      const committed: CommittedRound = { round, parameters, fit, attempts, elapsedMs: Date.now() - started };
      rounds.push(committed);
      o.onRound?.(committed);
      if (round === restartAt) restartDue?.();
    });
    return c;
  };

  coordinator = makeCoordinator(0);
  const address = await coordinator.start();
  const stations = o.members.map(
    (m, i) =>
      new SimulatedStation({
        id: m.id,
        server: address.url,
        source: m.source,
        trainer: o.pool.trainer(),
        maxWindows: o.scenario.localBudget,
        seed: m.seed,
        faults: o.scenario.faults,
        straggler: i < Math.round(o.members.length * o.scenario.faults.stragglerShare),
        // Stragglers are the first stations, poisoners the last: the two faults do not overlap by default.
        poisoner: i >= o.members.length - o.scenario.faults.poisoners,
        rebootDelayMs: REBOOT_DELAY_MS,
        onFault: (fault) => o.onFault?.(fault, m.id),
      }),
  );
  try {
    await Promise.all(stations.map((s) => s.start()));
    if (restartAt > 0) {
      await new Promise<void>((resolve, reject) => {
        restartDue = resolve;
        coordinator!.finished.catch(reject);
      });
      restartDue = null;
      o.onFault?.(
        'coordinator-restart',
        `coordinator stopped after round ${restartAt}, restarted on port ${address.port} from its checkpoint`,
      );
      await coordinator.stop();
      coordinator = makeCoordinator(address.port);
      await coordinator.start();
    }
    await coordinator.finished;
    return { parameters: coordinator.parameters, rounds, maxConnected };
  } finally {
    await Promise.all(stations.map((s) => s.stop()));
    await coordinator.stop();
    await new Promise((r) => log.end(r));
  }
}
