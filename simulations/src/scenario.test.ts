import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScenarioFile, resolveScenario } from './scenario.js';
import { DEFAULT_SCENARIO } from './defaults.js';
import { ScenarioError, SimulationError } from './errors.js';

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ScenarioError);
    assert.equal(err.code, 'QF_ERR_SCENARIO_INVALID');
    return err.issues;
  }
  assert.fail('expected a ScenarioError');
}

test('no layers gives the documented defaults', () => {
  assert.deepEqual(resolveScenario(), DEFAULT_SCENARIO);
});

test('later layers win and sections merge key by key', () => {
  const s = resolveScenario(
    { stations: 20, training: { epochs: 3 } },
    { training: { loss: 'bce' }, data: { noiseMix: { urban: 5 } } },
  );
  assert.equal(s.stations, 20);
  assert.equal(s.training.epochs, 3);
  assert.equal(s.training.loss, 'bce');
  assert.equal(s.training.batchSize, DEFAULT_SCENARIO.training.batchSize);
  assert.equal(s.data.noiseMix.urban, 5);
  assert.equal(s.data.noiseMix['quiet-vault'], DEFAULT_SCENARIO.data.noiseMix['quiet-vault']);
});

test('resolving does not mutate the defaults', () => {
  resolveScenario({ training: { epochs: 9 } });
  assert.notEqual(DEFAULT_SCENARIO.training.epochs, 9);
});

test('an unknown option is reported with its path', () => {
  const issues = issuesOf(() => resolveScenario({ training: { epoch: 2 } } as never));
  assert.deepEqual(issues, ['unknown option "training.epoch"']);
});

test('every out-of-range value is reported at once', () => {
  const issues = issuesOf(() =>
    resolveScenario({ stations: 0, fractionFit: 1.5, training: { loss: 'hinge' as never } }),
  );
  assert.equal(issues.length, 3);
  assert.match(issues.join('\n'), /stations must be an integer/);
  assert.match(issues.join('\n'), /fractionFit must be a number in \(0, 1\]/);
  assert.match(issues.join('\n'), /training.loss must be one of focal, bce, weighted-bce/);
});

test('server momentum must lie in [0, 1)', () => {
  const issues = issuesOf(() => resolveScenario({ strategy: { name: 'fedavgm', serverMomentum: 1 } }));
  assert.ok(
    issues.some((i) => i.startsWith('strategy.serverMomentum')),
    issues.join('; '),
  );
});

test('the hard-negative share must lie in [0, 1]', () => {
  const issues = issuesOf(() => resolveScenario({ training: { hardNegativeShare: 1.5 } }));
  assert.ok(
    issues.some((i) => i.startsWith('training.hardNegativeShare')),
    issues.join('; '),
  );
});

test('test stations must use a seed of their own', () => {
  const issues = issuesOf(() => resolveScenario({ seed: 7, test: { seed: 7 } }));
  assert.deepEqual(issues, [
    'test.seed [7, 27] overlaps seed [7, 7]: training, validation and test stations need seeds of their own',
  ]);
});

test('validation stations must not share seeds with the test stations', () => {
  // Test station i streams with seed test.seed + i + 1: 100 … 120 here, so validation.seed 110 collides.
  const issues = issuesOf(() => resolveScenario({ validation: { seed: 110 }, test: { seed: 100 } }));
  assert.match(issues[0] ?? '', /^test.seed \[100, 120\] overlaps validation.seed \[110, 116\]/);
});

test('a validation section with a bad value is rejected like any other', () => {
  const issues = issuesOf(() => resolveScenario({ validation: { stations: 0, streamHours: 0 } }));
  assert.equal(issues.length, 2);
  assert.match(issues.join('\n'), /validation.stations must be an integer/);
  assert.match(issues.join('\n'), /validation.streamHours must be a number in \(0/);
});

test('a coordinator restart must leave a round to run after it', () => {
  const issues = issuesOf(() => resolveScenario({ rounds: 3, faults: { coordinatorRestartAtRound: 3 } }));
  assert.match(issues[0] ?? '', /coordinatorRestartAtRound \(3\) must be below rounds \(3\)/);
});

test('a federation in which no station sees a quake is rejected', () => {
  const issues = issuesOf(() => resolveScenario({ data: { shareWithoutQuakes: 1, nearFaultShare: 0 } }));
  assert.match(issues[0] ?? '', /no training station would see a quake/);
});

test('a scenario file is read as a partial scenario', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qf-scenario-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 's.json');
  await writeFile(path, JSON.stringify({ rounds: 7, faults: { dropoutProbability: 0.1 } }));
  const s = resolveScenario(await readScenarioFile(path));
  assert.equal(s.rounds, 7);
  assert.equal(s.faults.dropoutProbability, 0.1);
});

test('a scenario file that is not a JSON object fails with QF_ERR_SCENARIO_FILE', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qf-scenario-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 's.json');
  await writeFile(path, '[1,2]');
  await assert.rejects(
    readScenarioFile(path),
    (err: unknown) => err instanceof SimulationError && err.code === 'QF_ERR_SCENARIO_FILE',
  );
});

test('a negative FedProx mu is rejected', () => {
  const issues = issuesOf(() => resolveScenario({ training: { proxMu: -0.1 } }));
  assert.ok(
    issues.some((i) => i.startsWith('training.proxMu must be a number in [0, 1000]')),
    issues.join('; '),
  );
});

test('more poisoners than stations is a scenario issue', () => {
  const issues = issuesOf(() => resolveScenario({ stations: 3, faults: { poisoners: 4 } }));
  assert.ok(
    issues.some((i) => i.includes('faults.poisoners (4) must not exceed stations (3)')),
    issues.join('; '),
  );
});
