/**
 * A gradient helper thread (see helper-threads.ts): on each step it computes the gradient of its share
 * of the batch on its own fused-engine instance, with the weights the trainer put in the step buffer,
 * and leaves gradient and loss there. Loads no tfjs.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { FusedEngine } from './fused-engine.js';
import {
  CONTROL_COUNT,
  CONTROL_STATE,
  CONTROL_WINDOW_SLOT,
  HELPER_STATE,
  spinWhile,
  SPIN_MS,
  stepViews,
} from './helper-protocol.js';
import type { HelperSetup, StepViews } from './helper-protocol.js';

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const state = new Int32Array(control);
const engine = new FusedEngine();
let views: StepViews | undefined;
let windowSize = 0;
let maxBatch = 0;

/** Runs `command`; throws what the engine throws. */
function run(command: number): void {
  if (command === HELPER_STATE.configure) {
    const setup = receiveMessageOnPort(port)?.message as HelperSetup;
    engine.configure(setup.config, setup.maxBatch, true);
    engine.setLoss(setup.loss);
    views = stepViews(setup);
    windowSize = setup.config.windowLength * setup.config.channels;
    maxBatch = setup.maxBatch;
    return;
  }
  const n = Atomics.load(state, CONTROL_COUNT);
  engine.internalParameters().set(views!.params);
  engine.loadWindows(views!.x, Atomics.load(state, CONTROL_WINDOW_SLOT) * maxBatch, n, windowSize, views!.labels);
  views!.loss[0] = engine.gradients(n);
  views!.grads.set(engine.internalGradients());
}

parentPort!.postMessage('ready');
let answer: number = HELPER_STATE.idle;
for (;;) {
  if (!spinWhile(state, CONTROL_STATE, answer, SPIN_MS)) Atomics.wait(state, CONTROL_STATE, answer);
  const command = Atomics.load(state, CONTROL_STATE);
  if (command === HELPER_STATE.exit) break;
  if (command !== HELPER_STATE.configure && command !== HELPER_STATE.step) continue;
  try {
    run(command);
    answer = HELPER_STATE.done;
  } catch (error) {
    port.postMessage(error instanceof Error ? error.message : String(error));
    answer = HELPER_STATE.failed;
  }
  Atomics.store(state, CONTROL_STATE, answer);
  Atomics.notify(state, CONTROL_STATE);
}
port.close();
