import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '@quakefed/seismic';
import type { WindowSet } from '@quakefed/seismic';
import { DEFAULT_TRAIN_OPTIONS } from '@quakefed/model';
import { InProcessTrainer } from './trainer.js';

const MODEL = { windowLength: 128, channels: 3, filters: [4, 8], seed: 3 };

function windows(count: number): WindowSet {
  const rng = createRng(11);
  const x = Float32Array.from({ length: count * MODEL.windowLength * MODEL.channels }, () => rng.normal());
  const labels = Uint8Array.from({ length: count }, (_, i) => (i % 4 === 0 ? 1 : 0));
  return { x, labels, count, length: MODEL.windowLength, channels: MODEL.channels };
}

test('a gateway trainer with train threads shares each step and trains to the one-thread weights', async () => {
  const data = windows(64);
  const trained = [];
  for (const threads of [undefined, 2]) {
    const trainer = new InProcessTrainer(MODEL, 'wasm-qf', threads);
    const parameters = await trainer.initialParameters();
    const outcome = await trainer.fit({
      parameters,
      data,
      options: { ...DEFAULT_TRAIN_OPTIONS, batchSize: 16, seed: 5 },
    });
    await trainer.dispose();
    trained.push(outcome);
  }
  const [one, two] = trained as [(typeof trained)[0], (typeof trained)[0]];
  assert.equal(two.numExamples, 64);
  let moved = 0;
  one.parameters.forEach((p, i) => {
    const q = two.parameters[i]!;
    for (let j = 0; j < p.data.length; j++) {
      assert.ok(Math.abs(p.data[j]! - q.data[j]!) < 1e-5, `${p.name}[${j}]: ${p.data[j]} vs ${q.data[j]}`);
    }
    moved += p.data.length;
  });
  assert.ok(moved > 0);
});

test('the trainer hands its thread count to local training, which refuses a count below 1', async () => {
  const trainer = new InProcessTrainer(MODEL, 'wasm-qf', 0);
  const parameters = await trainer.initialParameters();
  await assert.rejects(trainer.fit({ parameters, data: windows(16), options: { ...DEFAULT_TRAIN_OPTIONS } }), {
    message: /threads must be an integer/,
  });
  await trainer.dispose();
});
