/** Worker-thread fixture for backend.test.ts: initialises wasm-qf, trains one step, reports back. */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../backend.js';
import { buildModel } from '../model.js';
import { trainLocal } from '../train.js';
import { standInWindows } from './synthetic_windows.js';

const backend = await initBackend('wasm-qf');
const model = buildModel({ windowLength: 64, filters: [4, 8] });
const data = standInWindows({ count: 16, length: 64, channels: 3, positiveRate: 0.5, seed: 3 });
const result = await trainLocal(model, data, { batchSize: 16 });
parentPort!.postMessage({ backend, loss: result.metrics.loss });
