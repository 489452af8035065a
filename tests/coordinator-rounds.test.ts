/**
 * Round engine over real WebSockets (port 0) with protocol-speaking test clients: weighted averaging,
 * dropouts, stragglers, retries and rejected results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoordinatorOptions } from '@quakefed/coordinator';
import type { FitIns, Parameters } from '@quakefed/proto';
import { startCoordinator, smallModel, type Harness } from './support/coordinator-harness.js';
import { TestClient, evaluateReply, fitReply, shiftBy, type FitHandler } from './support/test-client.js';

/** A "trained" model: every value scaled and shifted (float32, as a client would send it). */
function affine(parameters: Parameters, scale: number, shift: number): Parameters {
  return parameters.map((t) => ({ name: t.name, shape: [...t.shape], data: t.data.map((v) => v * scale + shift) }));
}

/** The weighted average computed independently of the coordinator: per value Σ nᵢxᵢ / Σ nᵢ, in double. */
function expectedAverage(updates: { parameters: Parameters; n: number }[]): Parameters {
  const total = updates.reduce((s, u) => s + u.n, 0);
  return updates[0]!.parameters.map((t, ti) => ({
    name: t.name,
    shape: t.shape,
    data: t.data.map((_, j) => updates.reduce((s, u) => s + u.n * u.parameters[ti]!.data[j]!, 0) / total),
  }));
}

function assertClose(actual: Parameters, expected: Parameters): void {
  assert.deepEqual(
    actual.map((t) => t.name),
    expected.map((t) => t.name),
  );
  actual.forEach((t, i) =>
    t.data.forEach((v, j) => {
      const e = expected[i]!.data[j]!;
      assert.ok(Math.abs(v - e) <= 1e-6 * (1 + Math.abs(e)), `${t.name}[${j}] ${v} vs ${e}`);
    }),
  );
}

async function withHarness(
  options: Partial<CoordinatorOptions>,
  body: (h: Harness, clients: TestClient[]) => Promise<void>,
  handlers: Record<string, FitHandler>,
): Promise<void> {
  const h = await startCoordinator(options);
  const clients: TestClient[] = [];
  try {
    for (const [clientId, onFit] of Object.entries(handlers)) {
      clients.push(await TestClient.connect({ url: h.url, clientId, onFit, onEvaluate: (ins) => evaluateReply(ins) }));
    }
    await body(h, clients);
  } finally {
    await h.coordinator.stop();
    for (const c of clients) c.terminate();
  }
}

const CLIENT_MODELS = [
  { id: 'a', scale: 0.5, shift: 1, n: 10 },
  { id: 'b', scale: 1.5, shift: -2, n: 30 },
  { id: 'c', scale: 1, shift: 0.25, n: 60 },
];

test('multi-round FedAvg equals the example-weighted average computed independently', async () => {
  const handlers = Object.fromEntries(
    CLIENT_MODELS.map((m) => [
      m.id,
      ((ins) => fitReply(ins, affine(ins.parameters, m.scale, m.shift), m.n)) as FitHandler,
    ]),
  );
  await withHarness(
    { rounds: 3, minAvailable: 3, minFit: 3, minFitResults: 3 },
    async (h, clients) => {
      await h.coordinator.finished;
      let expected = smallModel();
      for (let round = 1; round <= 3; round++) {
        const sent = clients[0]!.received.find((m): m is FitIns => m.kind === 'fitIns' && m.round === round)!;
        assertClose(sent.parameters, expected);
        assert.equal(sent.modelVersion, round - 1);
        expected = expectedAverage(
          CLIENT_MODELS.map((m) => ({ parameters: affine(expected, m.scale, m.shift), n: m.n })),
        );
      }
      assertClose(h.coordinator.parameters, expected);
      assert.equal(h.coordinator.status().round, 3);
    },
    handlers,
  );
});

test('a client disconnecting mid-round fails alone and the round commits', async () => {
  const vanish: FitHandler = (_ins, client) => {
    client.terminate();
    return null;
  };
  await withHarness(
    { rounds: 1, minAvailable: 3, minFit: 3, minFitResults: 2 },
    async (h) => {
      const committed = await h.waitForLog('round_committed', (r) => r.round === 1);
      assert.deepEqual(
        [(committed.fit as { clients: number }).clients, (committed.fit as { failures: number }).failures],
        [2, 1],
      );
      const failed = await h.waitForLog('client_failed', (r) => r.clientId === 'gone');
      assert.equal((failed.error as { code: string }).code, 'QF_ERR_CLIENT_DISCONNECTED');
    },
    { a: shiftBy(1, 10), b: shiftBy(3, 10), gone: vanish },
  );
});

test('a straggler past the deadline is ignored and its late result discarded', async () => {
  let held: FitIns | null = null;
  const straggle: FitHandler = (ins) => {
    held = ins;
    return null;
  };
  // The short deadline is not a timing threshold: if a loaded machine makes a or b miss it too, the round
  // is retried with the same three clients (and `held` updated) until it commits with a and b.
  await withHarness(
    { rounds: 1, minAvailable: 3, minFit: 3, minFitResults: 2, roundDeadlineMs: 200 },
    async (h, clients) => {
      await h.waitForLog('round_committed', (r) => r.round === 1);
      // Mean of +1.75 and +2.25, equal weights (updates within 1.5× of each other: the guard clips neither).
      assertClose(h.coordinator.parameters, affine(smallModel(), 1, 2));
      clients[2]!.send(fitReply(held!, affine(held!.parameters, 1, 100), 1000));
      const discarded = await h.waitForLog('result_discarded', (r) => r.clientId === 'slow');
      assert.equal(discarded.round, 1);
      assertClose(h.coordinator.parameters, affine(smallModel(), 1, 2));
    },
    { a: shiftBy(1.75, 10), b: shiftBy(2.25, 10), slow: straggle },
  );
});

test('too few results retry the round with a fresh sample', async () => {
  let calls = 0;
  const flaky: FitHandler = (ins) => {
    calls += 1;
    if (calls > 1) return fitReply(ins, affine(ins.parameters, 1, 2.25), 10);
    return { ...fitReply(ins, [], 0), status: { ok: false, code: 'QF_ERR_TRAINING', message: 'out of memory' } };
  };
  await withHarness(
    { rounds: 1, minAvailable: 2, minFit: 2, minFitResults: 2 },
    async (h) => {
      const retry = await h.waitForLog('round_retry', (r) => r.round === 1);
      assert.deepEqual([retry.attempt, retry.results], [1, 1]);
      const committed = await h.waitForLog('round_committed', (r) => r.round === 1);
      assert.equal(committed.attempts, 2);
      assertClose(h.coordinator.parameters, affine(smallModel(), 1, 2));
    },
    { a: shiftBy(1.75, 10), flaky },
  );
});

test('a result for another model version is discarded, not aggregated', async () => {
  // The stale result goes first and a proper one after it on the same socket, so the stale one arrives
  // while the request is still pending (a 'round-mismatch', not a late reply) and no deadline is involved.
  const stale: FitHandler = (ins, client) => {
    client.send({ ...fitReply(ins, affine(ins.parameters, 1, 50), 10), modelVersion: ins.modelVersion + 7 });
    return fitReply(ins, affine(ins.parameters, 1, 1), 10);
  };
  await withHarness(
    { rounds: 1, minAvailable: 2, minFit: 2, minFitResults: 2 },
    async (h) => {
      const discarded = await h.waitForLog('result_discarded', (r) => r.clientId === 'stale');
      assert.deepEqual([discarded.reason, discarded.modelVersion], ['round-mismatch', 7]);
      const committed = await h.waitForLog('round_committed');
      assert.equal((committed.fit as { clients: number }).clients, 2);
      assertClose(h.coordinator.parameters, affine(smallModel(), 1, 1)); // the +50 model never counted
    },
    { a: shiftBy(1, 10), stale },
  );
});

test("a result with the wrong shapes is that client's failure and leaves the model intact", async () => {
  const misshapen: FitHandler = (ins) =>
    fitReply(ins, [{ name: 'dense/kernel', shape: [2, 3], data: new Float32Array(6) }, ins.parameters[1]!], 10);
  await withHarness(
    { rounds: 1, minAvailable: 2, minFit: 2, minFitResults: 1 },
    async (h) => {
      const failed = await h.waitForLog('client_failed', (r) => r.clientId === 'bad');
      assert.equal((failed.error as { code: string }).code, 'QF_ERR_SHAPE_MISMATCH');
      await h.waitForLog('round_committed');
      assertClose(h.coordinator.parameters, affine(smallModel(), 1, 1));
    },
    { a: shiftBy(1, 10), bad: misshapen },
  );
});

test('federated evaluation merges client counts into precision/recall/PR-AUC', async () => {
  await withHarness(
    { rounds: 1, minAvailable: 2, minFit: 2, minFitResults: 2, evaluateEvery: 1 },
    async (h) => {
      const committed = await h.waitForLog('round_committed');
      const evaluation = committed.evaluate as Record<string, number>;
      assert.deepEqual([evaluation.clients, evaluation.tp, evaluation.fp, evaluation.examples], [2, 2, 2, 20]);
      assert.equal(evaluation.precision, 0.5);
      assert.equal(evaluation.recall, 1);
      assert.equal(typeof evaluation.prAuc, 'number');
      assert.deepEqual(h.coordinator.status().lastEvaluate, evaluation);
    },
    { a: shiftBy(1, 10), b: shiftBy(1, 10) },
  );
});
