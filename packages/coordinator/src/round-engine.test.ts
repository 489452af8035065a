import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitIns, FitRes } from '@quakefed/proto';
import { ClientManager } from './client-manager.js';
import { resolveCoordinatorOptions } from './defaults.js';
import type { CoordinatorEvents } from './events.js';
import { createLogger, silentLogger, type LogRecord } from '@quakefed/core';
import { RoundEngine, type EngineState } from './round-engine.js';
import { FedAvg } from './strategy/fedavg.js';
import { assertParametersClose, constantParameters } from './testing/fixtures.js';
import { InMemoryClientProxy } from './transport/memory-proxy.js';

const logger = silentLogger;

function shiftReply(ins: FitIns, delta: number, numExamples: number): FitRes {
  const parameters = ins.parameters.map((t) => ({ ...t, data: t.data.map((v) => v + delta) }));
  return {
    kind: 'fitRes',
    round: ins.round,
    modelVersion: ins.modelVersion,
    parameters,
    numExamples,
    metrics: {},
    status: { ok: true },
  };
}

function engineWith(
  clients: ClientManager,
  rounds: number,
  commits: EngineState[],
  strategy = new FedAvg(),
  log = logger,
  events?: EventEmitter<CoordinatorEvents>,
): RoundEngine {
  return new RoundEngine({
    strategy,
    clients,
    options: resolveCoordinatorOptions({ rounds, minAvailable: 2, minFit: 2, minFitResults: 2, evaluateEvery: 0 }),
    logger: log,
    initial: { round: 0, parameters: constantParameters(0), history: [] },
    onCommit: async (state) => {
      commits.push(state);
    },
    ...(events ? { events } : {}),
  });
}

test('the engine tells its embedder each round as typed events: started, then committed with the new model', async () => {
  const clients = new ClientManager(logger);
  const info = (id: string) => ({ id, stationIds: [], capabilities: {} });
  clients.register(new InMemoryClientProxy(info('a'), { fit: (ins) => shiftReply(ins, 1, 1) }));
  clients.register(new InMemoryClientProxy(info('b'), { fit: (ins) => shiftReply(ins, 4, 2) }));
  const events = new EventEmitter<CoordinatorEvents>();
  const seen: string[] = [];
  events.on('roundStarted', (e) => seen.push(`started ${e.round} [${e.sampled.sort().join(',')}]`));
  events.on('roundCommitted', (e) => {
    seen.push(`committed ${e.round} after ${e.attempts}`);
    assertParametersClose(e.parameters, constantParameters(3 * e.round));
  });
  await engineWith(clients, 2, [], new FedAvg(), logger, events).run(new AbortController().signal);
  assert.deepEqual(seen, ['started 1 [a,b]', 'committed 1 after 1', 'started 2 [a,b]', 'committed 2 after 1']);
});

test('in-memory clients drive rounds to completion, each commit persisted in order', async () => {
  const clients = new ClientManager(logger);
  const info = (id: string) => ({ id, stationIds: [], capabilities: {} });
  clients.register(new InMemoryClientProxy(info('a'), { fit: (ins) => shiftReply(ins, 1, 1) }));
  clients.register(new InMemoryClientProxy(info('b'), { fit: (ins) => shiftReply(ins, 4, 2) }));
  const commits: EngineState[] = [];
  const engine = engineWith(clients, 2, commits);
  await engine.run(new AbortController().signal);
  assert.deepEqual(
    commits.map((c) => c.round),
    [1, 2],
  );
  assertParametersClose(engine.parameters, constantParameters(6)); // +3 per round (weights 1:2)
  assert.equal(engine.status().phase, 'done');
});

test('stopping while waiting for clients rejects with the stop reason and commits nothing', async () => {
  const commits: EngineState[] = [];
  const engine = engineWith(new ClientManager(logger), 1, commits);
  const stop = new AbortController();
  const running = engine.run(stop.signal);
  stop.abort(new Error('stop'));
  await assert.rejects(running, /stop/);
  assert.equal(commits.length, 0);
  assert.equal(engine.status().phase, 'stopped');
});

test('an instruction for a client outside the sample is a QF_ERR_UNKNOWN_CLIENT failure, not a crash', async () => {
  class OverreachingFedAvg extends FedAvg {
    override configureFit(...args: Parameters<FedAvg['configureFit']>): ReturnType<FedAvg['configureFit']> {
      return [...super.configureFit(...args), { clientId: 'ghost', config: {} }];
    }
  }
  const records: LogRecord[] = [];
  const clients = new ClientManager(logger);
  const info = (id: string) => ({ id, stationIds: [], capabilities: {} });
  clients.register(new InMemoryClientProxy(info('a'), { fit: (ins) => shiftReply(ins, 1, 1) }));
  clients.register(new InMemoryClientProxy(info('b'), { fit: (ins) => shiftReply(ins, 1, 1) }));
  const commits: EngineState[] = [];
  const log = createLogger({ level: 'debug', write: () => {}, onRecord: (r) => records.push(r) });
  await engineWith(clients, 1, commits, new OverreachingFedAvg(), log).run(new AbortController().signal);
  assert.deepEqual(
    commits.map((c) => c.round),
    [1],
  );
  const failed = records.find((r) => r.msg === 'client_failed');
  assert.equal(failed?.clientId, 'ghost');
  assert.equal((failed?.error as { code?: string }).code, 'QF_ERR_UNKNOWN_CLIENT');
});

test('a round with more than ten sampled clients raises no listener-leak warning', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    const clients = new ClientManager(logger);
    for (let i = 0; i < 16; i++) {
      clients.register(
        new InMemoryClientProxy(
          { id: `c${i}`, stationIds: [], capabilities: {} },
          { fit: (ins) => shiftReply(ins, 1, 1) },
        ),
      );
    }
    const engine = new RoundEngine({
      strategy: new FedAvg(),
      clients,
      options: resolveCoordinatorOptions({
        rounds: 1,
        minAvailable: 16,
        minFit: 16,
        minFitResults: 16,
        evaluateEvery: 0,
      }),
      logger,
      initial: { round: 0, parameters: constantParameters(0), history: [] },
      onCommit: async () => {},
    });
    await engine.run(new AbortController().signal);
    // Node emits process warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      warnings.filter((name) => name === 'MaxListenersExceededWarning'),
      [],
    );
  } finally {
    process.off('warning', onWarning);
  }
});

function refusal(ins: FitIns, code: string): FitRes {
  return {
    kind: 'fitRes',
    round: ins.round,
    modelVersion: ins.modelVersion,
    parameters: [],
    numExamples: 0,
    metrics: {},
    status: { ok: false, code, message: 'epochs must be an integer ≥ 1' },
  };
}

/** An engine over clients a and b whose fit answers come from `fit`; retries without pause. */
function refusingEngine(fit: (ins: FitIns) => FitRes): { engine: RoundEngine; commits: EngineState[] } {
  const clients = new ClientManager(logger);
  for (const id of ['a', 'b'])
    clients.register(new InMemoryClientProxy({ id, stationIds: [], capabilities: {} }, { fit }));
  const commits: EngineState[] = [];
  const engine = new RoundEngine({
    strategy: new FedAvg(),
    clients,
    options: resolveCoordinatorOptions({
      rounds: 1,
      minAvailable: 2,
      minFit: 2,
      minFitResults: 1,
      evaluateEvery: 0,
      retryDelayMs: 0,
      maxRefusedAttempts: 3,
    }),
    logger,
    initial: { round: 0, parameters: constantParameters(0), history: [] },
    onCommit: async (state) => {
      commits.push(state);
    },
  });
  return { engine, commits };
}

test('a task every client refuses fails the run with the clients’ reason after maxRefusedAttempts attempts', async () => {
  let asked = 0;
  const { engine, commits } = refusingEngine((ins) => {
    asked += 1;
    return refusal(ins, 'QF_ERR_BAD_TASK');
  });
  await assert.rejects(engine.run(new AbortController().signal), {
    code: 'QF_ERR_ROUND_REFUSED',
    message:
      /round 1: every sampled client refused the task 3 times in a row \(client [ab] failed: QF_ERR_BAD_TASK: epochs must be/,
  });
  assert.equal(asked, 3 * 2);
  assert.equal(commits.length, 0);
});

test('busy clients are retried without limit: a busy refusal is not a refusal of the task', async () => {
  let asked = 0;
  const { engine, commits } = refusingEngine((ins) => {
    asked += 1;
    return asked <= 8 ? refusal(ins, 'QF_ERR_CLIENT_BUSY') : shiftReply(ins, 1, 1);
  });
  await engine.run(new AbortController().signal);
  assert.deepEqual(
    commits.map((c) => c.round),
    [1],
  );
});

test('one client refusing while another answers is that client’s failure only: the round commits', async () => {
  const clients = ['a', 'b'];
  let turn = 0;
  const { engine, commits } = refusingEngine((ins) =>
    clients[turn++ % 2] === 'a' ? refusal(ins, 'QF_ERR_INSUFFICIENT_DATA') : shiftReply(ins, 1, 1),
  );
  await engine.run(new AbortController().signal);
  assert.deepEqual(
    commits.map((c) => c.round),
    [1],
  );
});

test('a client that misses a fit deadline is not sampled for deadlineCooldownRounds rounds, then is again', async () => {
  const clients = new ClientManager(logger);
  const info = (id: string) => ({ id, stationIds: [], capabilities: {} });
  clients.register(new InMemoryClientProxy(info('a'), { fit: (ins) => shiftReply(ins, 1, 1) }));
  clients.register(new InMemoryClientProxy(info('b'), { fit: (ins) => shiftReply(ins, 1, 1) }));
  // c never answers, so it misses every deadline it is sampled into.
  clients.register(new InMemoryClientProxy(info('c'), { fit: () => new Promise<FitRes>(() => {}) }));
  const logs: LogRecord[] = [];
  const engine = new RoundEngine({
    strategy: new FedAvg(),
    clients,
    options: resolveCoordinatorOptions({
      rounds: 5,
      minAvailable: 2,
      minFit: 2,
      minFitResults: 2,
      evaluateEvery: 0,
      roundDeadlineMs: 20,
      deadlineCooldownRounds: 2,
    }),
    logger: createLogger({ level: 'debug', write: () => {}, onRecord: (r) => logs.push(r) }),
    initial: { round: 0, parameters: constantParameters(0), history: [] },
    onCommit: async () => {},
  });
  await engine.run(new AbortController().signal);
  const sampled = logs.filter((l) => l.msg === 'fit_started').map((l) => [l.round, (l.sampled as string[]).join('')]);
  assert.deepEqual(sampled, [
    [1, 'abc'],
    [2, 'ab'],
    [3, 'ab'],
    [4, 'abc'],
    [5, 'ab'],
  ]);
});
