import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeMessage, encodeMessage, type Message, type Parameters } from '@quakefed/proto';
import type { WindowSet } from '@quakefed/seismic';
import { FederatedClient, resolveClientOptions } from './client.js';
import type { DataSource } from './data-source.js';
import { DATA_BUDGET_DEFAULTS, type DataBudget } from './defaults.js';
import { InProcessTrainer, type EvaluateTask, type FitOutcome, type FitTask, type Trainer } from './trainer.js';

const params: Parameters = [{ name: 'w', shape: [2], data: new Float32Array([1, 2]) }];
const windows: WindowSet = { x: new Float32Array(4), labels: new Uint8Array([1, 0]), count: 2, length: 2, channels: 1 };

const source: DataSource = {
  stationIds: ['XX.STA.00.HHZ'],
  summary: async () => ({ windows: 2, positives: 1, hours: 0.5 }),
  trainingWindows: async () => windows,
  evaluationWindows: async () => windows,
};

/** A trainer that adds 1 to every weight; `gate` holds fit until the test releases it. */
class FakeTrainer implements Trainer {
  fits: FitTask[] = [];
  evaluations: EvaluateTask[] = [];
  gate: Promise<void> = Promise.resolve();
  disposed = false;
  private fitStartedResolve!: () => void;
  /** Resolves when the first fit has started. */
  fitStarted = new Promise<void>((r) => (this.fitStartedResolve = r));
  backend = async (): Promise<string> => 'fake';
  async fit(task: FitTask): Promise<FitOutcome> {
    this.fits.push(task);
    this.fitStartedResolve();
    await this.gate;
    return {
      parameters: task.parameters.map((p) => ({ ...p, data: p.data.map((v) => v + 1) })),
      numExamples: task.data.count,
      metrics: { loss: 0.5 },
    };
  }
  async evaluate(task: EvaluateTask) {
    this.evaluations.push(task);
    return {
      loss: 0.25,
      numExamples: 2,
      confusion: { tp: 1, fp: 0, fn: 0, tn: 1 },
      histogram: { bins: task.bins, positive: [0, 1], negative: [1, 0] },
    };
  }
  async dispose() {
    this.disposed = true;
  }
}

/** A coordinator stand-in: hands the test each decoded message from the client. */
async function fakeCoordinator(): Promise<{
  url: string;
  peer: () => Promise<WebSocket>;
  receive: (s: WebSocket) => Promise<Message>;
  close: () => void;
}> {
  const wss = new WebSocketServer({ port: 0 });
  await once(wss, 'listening');
  const inbox = new WeakMap<WebSocket, { queue: Message[]; waiters: ((m: Message) => void)[] }>();
  const peers: WebSocket[] = [];
  const peerWaiters: ((s: WebSocket) => void)[] = [];
  wss.on('connection', (s) => {
    s.on('error', () => {});
    const box = { queue: [] as Message[], waiters: [] as ((m: Message) => void)[] };
    inbox.set(s, box);
    s.on('message', (data: Buffer) => {
      const m = decodeMessage(data);
      const w = box.waiters.shift();
      if (w) w(m);
      else box.queue.push(m);
    });
    const w = peerWaiters.shift();
    if (w) w(s);
    else peers.push(s);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`,
    peer: () => new Promise((r) => (peers.length ? r(peers.shift()!) : peerWaiters.push(r))),
    receive: (s) => {
      const box = inbox.get(s)!;
      return new Promise((r) => (box.queue.length ? r(box.queue.shift()!) : box.waiters.push(r)));
    },
    close: () => wss.close(),
  };
}

async function session<T extends Trainer = FakeTrainer>(
  t: { after: (fn: () => Promise<void> | void) => void },
  trainer: T = new FakeTrainer() as Trainer as T,
  heartbeatIntervalMs = 0,
  dataSource: DataSource = source,
) {
  const coord = await fakeCoordinator();
  const client = new FederatedClient(
    {
      server: coord.url,
      stationIds: ['XX.STA.00.HHZ'],
      jitterSeed: 1,
      backoffBaseMs: 5,
      backoffMaxMs: 10,
      shutdownGraceMs: 50,
    },
    { source: dataSource, trainer },
  );
  t.after(async () => {
    await client.stop();
    coord.close();
  });
  await client.start();
  const peer = await coord.peer();
  const hello = await coord.receive(peer);
  const welcome: Message = { kind: 'welcome', sessionId: 's1', config: {}, heartbeatIntervalMs, tensorEncoding: 'f32' };
  peer.send(encodeMessage(welcome));
  return { coord, client, peer, hello, trainer };
}

test('Hello carries the station ids, the backend and counts of local data', async (t) => {
  const { hello } = await session(t);
  assert.equal(hello.kind, 'hello');
  if (hello.kind !== 'hello') return;
  assert.deepEqual(hello.stationIds, ['XX.STA.00.HHZ']);
  assert.equal(hello.clientId, 'XX.STA.00.HHZ');
  assert.equal(hello.capabilities.backend, 'fake');
  assert.ok(hello.capabilities.tensorEncodings.includes('f32'));
  assert.deepEqual(hello.dataSummary, { windows: 2, positives: 1, hours: 0.5 });
});

test('FitIns is answered by a FitRes with the locally trained weights and the config applied', async (t) => {
  const { coord, peer, trainer } = await session(t);
  peer.send(
    encodeMessage({
      kind: 'fitIns',
      round: 3,
      modelVersion: 2,
      parameters: params,
      config: { epochs: 2, learningRate: 0.01 },
    }),
  );
  const res = await coord.receive(peer);
  assert.equal(res.kind, 'fitRes');
  if (res.kind !== 'fitRes') return;
  assert.deepEqual([res.round, res.modelVersion, res.numExamples, res.status.ok], [3, 2, 2, true]);
  assert.deepEqual([...res.parameters[0]!.data], [2, 3]);
  assert.equal(trainer.fits[0]!.options.epochs, 2);
  assert.equal(trainer.fits[0]!.options.learningRate, 0.01);
});

test('a FitIns that mines hard negatives draws the candidates and trains each epoch on the budget’s negatives', async (t) => {
  const budgets: DataBudget[] = [];
  const recording: DataSource = {
    ...source,
    trainingWindows: async (_round, budget) => {
      budgets.push(budget);
      return windows;
    },
  };
  const { coord, peer, trainer } = await session(t, new FakeTrainer(), 0, recording);
  for (const [round, config] of [
    [1, { hardNegativeShare: 0.25 }],
    [2, {}],
  ] as const) {
    peer.send(encodeMessage({ kind: 'fitIns', round, modelVersion: round, parameters: params, config }));
    assert.equal((await coord.receive(peer)).kind, 'fitRes');
  }
  assert.deepEqual(
    budgets.map((b) => b.miningCandidates),
    [DATA_BUDGET_DEFAULTS.miningCandidates, 1],
  );
  assert.equal(trainer.fits[0]!.options.negativesPerEpoch, DATA_BUDGET_DEFAULTS.maxWindows - 1);
  assert.equal(trainer.fits[1]!.options.negativesPerEpoch, undefined);
});

test('a FitIns with an invalid config is answered with a failed status, not silence', async (t) => {
  const { coord, peer } = await session(t);
  peer.send(
    encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: { epochs: 'many' } }),
  );
  const res = await coord.receive(peer);
  assert.equal(res.kind === 'fitRes' && res.status.ok, false);
  assert.equal(res.kind === 'fitRes' && !res.status.ok && res.status.code, 'QF_ERR_BAD_TASK');
});

test('EvaluateIns without parameters evaluates the held global model and returns counts and histogram', async (t) => {
  const { coord, peer, trainer } = await session(t);
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 5, parameters: params, config: {} }));
  await coord.receive(peer);
  peer.send(
    encodeMessage({
      kind: 'evaluateIns',
      round: 1,
      modelVersion: 5,
      parameters: [],
      config: { threshold: 0.3, bins: 2 },
    }),
  );
  const res = await coord.receive(peer);
  assert.equal(res.kind, 'evaluateRes');
  if (res.kind !== 'evaluateRes') return;
  assert.deepEqual(res.confusion, { tp: 1, fp: 0, fn: 0, tn: 1 });
  assert.deepEqual(res.histogram, { bins: 2, positive: [0, 1], negative: [1, 0] });
  assert.equal(trainer.evaluations[0]!.threshold, 0.3);
  assert.deepEqual([...trainer.evaluations[0]!.parameters[0]!.data], [1, 2]);
});

test('a task arriving while another runs is refused as busy', async (t) => {
  const trainer = new FakeTrainer();
  let release!: () => void;
  trainer.gate = new Promise((r) => (release = r));
  const { coord, peer } = await session(t, trainer);
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  peer.send(encodeMessage({ kind: 'evaluateIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  const first = await coord.receive(peer);
  release();
  assert.equal(first.kind, 'evaluateRes');
  assert.equal(first.kind === 'evaluateRes' && !first.status.ok && first.status.code, 'QF_ERR_CLIENT_BUSY');
  assert.equal((await coord.receive(peer)).kind, 'fitRes');
});

test('stop lets a running task finish and report, then says Bye', async (t) => {
  const trainer = new FakeTrainer();
  let release!: () => void;
  trainer.gate = new Promise((r) => (release = r));
  const { coord, peer, client } = await session(t, trainer);
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  await trainer.fitStarted;
  const stopping = client.stop('test');
  release();
  await stopping;
  assert.equal((await coord.receive(peer)).kind, 'fitRes');
  assert.deepEqual(await coord.receive(peer), { kind: 'bye', reason: 'test' });
  assert.equal(trainer.disposed, true);
});

test('stop abandons a task that outlives the grace period and still says Bye', async (t) => {
  const trainer = new FakeTrainer();
  trainer.gate = new Promise(() => {});
  const { coord, peer, client } = await session(t, trainer);
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  await trainer.fitStarted;
  await client.stop('test');
  assert.deepEqual(await coord.receive(peer), { kind: 'bye', reason: 'test' });
});

test('after the Welcome the client sends heartbeats at the interval it asked for', async (t) => {
  const { coord, peer } = await session(t, new FakeTrainer(), 10);
  const message = await coord.receive(peer);
  assert.equal(message.kind, 'heartbeat');
});

test('a Reconnect from the coordinator closes the session and comes back after the given delay', async (t) => {
  const { coord, peer, client } = await session(t);
  const disconnected = once(client, 'disconnected');
  peer.send(encodeMessage({ kind: 'reconnect', delayMs: 25, reason: 'maintenance' }));
  const [info] = (await disconnected) as [{ reconnectInMs: number | null }];
  assert.equal(info.reconnectInMs, 25);
  const again = await coord.peer();
  assert.equal((await coord.receive(again)).kind, 'hello');
});

test('a trainer failure is reported with its code and the client keeps serving', async (t) => {
  const trainer = new FakeTrainer();
  const fit = trainer.fit.bind(trainer);
  let calls = 0;
  trainer.fit = async (task) => {
    calls += 1;
    if (calls === 1) throw Object.assign(new Error('out of memory'), { code: 'QF_ERR_TEST_OOM' });
    return fit(task);
  };
  const { coord, peer } = await session(t, trainer);
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  const failed = await coord.receive(peer);
  assert.equal(failed.kind === 'fitRes' && !failed.status.ok && failed.status.code, 'QF_ERR_TEST_OOM');
  peer.send(encodeMessage({ kind: 'fitIns', round: 2, modelVersion: 1, parameters: params, config: {} }));
  const ok = await coord.receive(peer);
  assert.deepEqual(ok.kind === 'fitRes' && [ok.round, ok.status.ok], [2, true]);
});

test('a FitIns whose weights do not fit the model is refused with QF_ERR_BAD_PARAMETERS, and the next one too', async (t) => {
  const { coord, peer } = await session(t, new InProcessTrainer({ seed: 1 }, 'cpu'));
  for (const round of [1, 2]) {
    peer.send(encodeMessage({ kind: 'fitIns', round, modelVersion: 1, parameters: params, config: {} }));
    const res = await coord.receive(peer);
    assert.deepEqual(res.kind === 'fitRes' && [res.round, !res.status.ok && res.status.code], [
      round,
      'QF_ERR_BAD_PARAMETERS',
    ]);
  }
});

test('a throwing fitDone listener neither adds a second reply nor stops the client', async (t) => {
  const { coord, peer, client } = await session(t);
  client.on('fitDone', () => {
    throw new Error('listener bug');
  });
  for (const round of [1, 2]) {
    peer.send(encodeMessage({ kind: 'fitIns', round, modelVersion: 1, parameters: params, config: {} }));
    const res = await coord.receive(peer);
    assert.deepEqual(res.kind === 'fitRes' && [res.round, res.status.ok], [round, true]);
  }
});

test('a stop() that arrives while start() loads the backend leaves the client unconnected', async (t) => {
  const coord = await fakeCoordinator();
  const trainer = new FakeTrainer();
  let backendReady!: () => void;
  const gate = new Promise<void>((r) => (backendReady = r));
  trainer.backend = () => gate.then(() => 'fake');
  const client = new FederatedClient(
    { server: coord.url, stationIds: ['XX.STA.00.HHZ'], jitterSeed: 1 },
    { source, trainer },
  );
  t.after(() => coord.close());
  const starting = client.start();
  await client.stop();
  backendReady();
  await starting;
  // Had the client opened a socket in start(), it would have reached the server before this probe.
  const probe = new WebSocket(coord.url);
  t.after(() => probe.terminate());
  probe.on('open', () => probe.send(encodeMessage({ kind: 'heartbeat', timestampMs: 1 })));
  assert.equal((await coord.receive(await coord.peer())).kind, 'heartbeat');
});

test('a budget smaller than the default negative floor lowers the floor; an explicit contradiction is rejected', () => {
  const base = { server: 'ws://x:1', stationIds: ['XX.A.00.HHZ'] };
  assert.equal(resolveClientOptions({ ...base, budget: { maxWindows: 16 } }).budget.minNegatives, 16);
  assert.throws(() => resolveClientOptions({ ...base, budget: { maxWindows: 16, minNegatives: 32 } }), {
    code: 'QF_ERR_CLIENT_OPTIONS',
  });
});

test('a negative stableAfterMs is rejected', () => {
  const base = { server: 'ws://x:1', stationIds: ['XX.A.00.HHZ'] };
  assert.throws(() => resolveClientOptions({ ...base, stableAfterMs: -1 }), { code: 'QF_ERR_CLIENT_OPTIONS' });
});

test('a client certificate without its key, or a key without its certificate, is rejected', () => {
  const base = { server: 'wss://x:1', stationIds: ['XX.A.00.HHZ'] };
  // A client certificate without its key (or the reverse) could never complete a TLS handshake.
  for (const half of [{ cert: 'PEM' }, { key: 'PEM' }]) {
    assert.throws(() => resolveClientOptions({ ...base, ...half }), {
      code: 'QF_ERR_CLIENT_OPTIONS',
      message: /cert and key go together/,
    });
  }
});

const noWindows: WindowSet = { x: new Float32Array(0), labels: new Uint8Array(0), count: 0, length: 2, channels: 1 };
const emptySource: DataSource = {
  ...source,
  trainingWindows: async () => noWindows,
  evaluationWindows: async () => noWindows,
};

/** The status code of a failed task reply (undefined for a success). */
const failedCode = (m: Message): string | undefined =>
  (m.kind === 'fitRes' || m.kind === 'evaluateRes') && !m.status.ok ? m.status.code : undefined;

test('a station without labelled windows answers fit and evaluate with an explicit insufficient-data status', async (t) => {
  const { coord, peer } = await session(t, new FakeTrainer(), 0, emptySource);
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  assert.equal(failedCode(await coord.receive(peer)), 'QF_ERR_INSUFFICIENT_DATA');
  peer.send(encodeMessage({ kind: 'evaluateIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  assert.equal(failedCode(await coord.receive(peer)), 'QF_ERR_INSUFFICIENT_DATA');
});

/** A FakeTrainer whose fit outcome is passed through `change`. */
function fitChangedBy(change: (outcome: FitOutcome) => FitOutcome): FakeTrainer {
  return new (class extends FakeTrainer {
    override async fit(task: FitTask) {
      return change(await super.fit(task));
    }
  })();
}

test('a metric that cannot be computed is left out of the reply, never sent as NaN', async (t) => {
  const { coord, peer } = await session(
    t,
    fitChangedBy((outcome) => ({ ...outcome, metrics: { loss: Number.NaN, steps: 1 } })),
  );
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  const res = await coord.receive(peer);
  assert.equal(res.kind === 'fitRes' && res.status.ok, true);
  assert.equal(res.kind === 'fitRes' && 'loss' in res.metrics, false);
  assert.equal(res.kind === 'fitRes' && res.metrics.steps, 1);
});

test('an evaluation whose loss is not finite is answered with a failed status, not dropped', async (t) => {
  class InfiniteLossTrainer extends FakeTrainer {
    override async evaluate(task: EvaluateTask) {
      return { ...(await super.evaluate(task)), loss: Number.POSITIVE_INFINITY };
    }
  }
  const { coord, peer } = await session(t, new InfiniteLossTrainer());
  peer.send(encodeMessage({ kind: 'evaluateIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  assert.equal(failedCode(await coord.receive(peer)), 'QF_ERR_BAD_TASK');
});

test('weights that local training drove to NaN are answered with a failed status, never sent', async (t) => {
  const nanWeights = (outcome: FitOutcome) => ({
    ...outcome,
    parameters: outcome.parameters.map((p) => ({ ...p, data: new Float32Array(p.data.length).fill(Number.NaN) })),
  });
  const { coord, peer } = await session(t, fitChangedBy(nanWeights));
  peer.send(encodeMessage({ kind: 'fitIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  assert.equal(failedCode(await coord.receive(peer)), 'QF_ERR_TRAINING_DIVERGED');
});

test('a result the wire cannot carry is answered with a failed status instead of silence', async (t) => {
  class BadHistogramTrainer extends FakeTrainer {
    override async evaluate(task: EvaluateTask) {
      return { ...(await super.evaluate(task)), histogram: { bins: 3, positive: [0], negative: [0] } };
    }
  }
  const { coord, peer } = await session(t, new BadHistogramTrainer());
  peer.send(encodeMessage({ kind: 'evaluateIns', round: 1, modelVersion: 1, parameters: params, config: {} }));
  assert.equal(failedCode(await coord.receive(peer)), 'QF_ERR_RESULT_UNENCODABLE');
});
