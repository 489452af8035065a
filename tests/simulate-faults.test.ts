/**
 * Fault injection over real sockets: client dropouts (gateways crash mid-task and reboot) and a
 * coordinator restart from its checkpoint; the federation still completes every round.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Parameters } from '@quakefed/proto';
import {
  makeTrainingStations,
  resolveScenario,
  runFederation,
  TrainingPool,
  type FederationOutcome,
} from '@quakefed/simulations';

let outcome: FederationOutcome;
let initial: Parameters;
const faults: string[] = [];

let dir: string;

test.after(() => rm(dir, { recursive: true, force: true }));

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qf-faults-'));
  const scenario = resolveScenario({
    seed: 5,
    stations: 6,
    rounds: 3,
    fractionFit: 1,
    minFitShare: 0.3,
    localBudget: 16,
    training: { epochs: 1 },
    data: { negativesPerStation: 16 },
    faults: { dropoutProbability: 0.3, coordinatorRestartAtRound: 1 },
    outDir: dir,
  });
  const pool = new TrainingPool(2);
  try {
    const stations = makeTrainingStations(scenario, pool);
    initial = await pool.initialParameters();
    outcome = await runFederation({
      scenario,
      loss: 'focal',
      members: stations,
      pool,
      initialParameters: initial,
      stateDir: join(dir, 'state'),
      logPath: join(dir, 'coordinator.log'),
      onFault: (fault) => faults.push(fault),
    });
  } finally {
    await pool.close();
  }
});

test('every round commits despite dropouts and a coordinator restart', () => {
  assert.deepEqual(
    outcome.rounds.map((r) => r.round),
    [1, 2, 3],
  );
});

test('the coordinator restart and at least one dropout were injected', () => {
  assert.equal(faults.filter((f) => f === 'coordinator-restart').length, 1);
  assert.ok(faults.includes('dropout'));
});

test('every round, before and after the restart, moved the model on from the one before', () => {
  const models = [initial, ...outcome.rounds.map((r) => r.parameters)];
  for (let k = 1; k < models.length; k++) {
    assert.notDeepEqual(models[k], models[k - 1], `round ${k} committed the model it started from`);
    assert.ok(
      models[k]!.every((t) => t.data.every(Number.isFinite)),
      `round ${k} committed non-finite weights`,
    );
  }
  assert.deepEqual(outcome.parameters, models.at(-1));
});
