/**
 * Adam and SGD applied on plain typed arrays. tfjs' optimizers issue ~10 small ops per variable per
 * step; on the wasm backend that bookkeeping cost more than the whole forward+backward pass of the
 * reference model (17 ms of a 30 ms step). Here gradients are read once, the update runs in one JS
 * loop per tensor, and each variable is assigned once. Same update rule as tf.train.adam / sgd.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_DEFAULTS } from './defaults.js';

/** Updates `values` in place from `grads` (same layout), one call per training step. */
export interface ArrayOptimizer {
  update(values: Float32Array[], grads: Float32Array[]): void;
}

/**
 * SGD with optional heavy-ball momentum, as tf.train.sgd (momentum 0) and tf.train.momentum:
 * a ← μ·a + g; w ← w − lr·a. Unlike Adam its step is proportional to the gradient, so in federated
 * training a client whose data carry little signal (no quakes) moves the model little.
 */
export class SgdArrayOptimizer implements ArrayOptimizer {
  private readonly accumulation: Float32Array[] = [];

  constructor(
    private readonly learningRate: number,
    private readonly momentum = 0,
  ) {}

  update(values: Float32Array[], grads: Float32Array[]): void {
    const { learningRate: lr, momentum } = this;
    values.forEach((w, t) => {
      const g = grads[t]!;
      if (momentum === 0) {
        for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * g[i]!;
        return;
      }
      const a = (this.accumulation[t] ??= new Float32Array(w.length));
      for (let i = 0; i < w.length; i++) {
        a[i] = momentum * a[i]! + g[i]!;
        w[i] = w[i]! - lr * a[i]!;
      }
    });
  }
}

/** Adam with bias correction, as tf.train.adam. Moments are kept per tensor across steps. */
export class AdamArrayOptimizer implements ArrayOptimizer {
  private readonly m: Float32Array[] = [];
  private readonly v: Float32Array[] = [];
  private step = 0;

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = ADAM_DEFAULTS.beta1,
    private readonly beta2 = ADAM_DEFAULTS.beta2,
    private readonly epsilon = ADAM_DEFAULTS.epsilon,
  ) {}

  update(values: Float32Array[], grads: Float32Array[]): void {
    this.step++;
    const { beta1, beta2, epsilon, learningRate } = this;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    values.forEach((w, t) => {
      const g = grads[t]!;
      const m = (this.m[t] ??= new Float32Array(w.length));
      const v = (this.v[t] ??= new Float32Array(w.length));
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * gi);
        const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi);
        w[i] = w[i]! - (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
      }
    });
  }
}

/**
 * Scales `grads` in place so that their global L2 norm (over every tensor) is at most `maxNorm`;
 * returns the norm before scaling. Gradients within the bound are untouched, so a step stays
 * proportional to a small gradient; a loss whose scale explodes (weighted BCE's positive weight is the
 * local negative/positive ratio, thousands at a realistic imbalance) cannot throw SGD's weights to
 * infinity in one step.
 */
export function clipGradientNorm(grads: Float32Array[], maxNorm: number): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  const norm = Math.sqrt(sum);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i]! *= scale;
  }
  return norm;
}

/**
 * One training step: gradients of `loss` w.r.t. `variables` on the backend (clipped to a global norm
 * of `clipNorm` when given), the update on arrays, one assign per variable. Returns the loss value.
 * Leaves no tensors behind.
 */
export function optimizerStep(
  optimizer: ArrayOptimizer,
  variables: tf.Variable[],
  loss: () => tf.Scalar,
  clipNorm?: number,
): number {
  const { value, grads } = tf.variableGrads(loss, variables);
  const gradArrays = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  // Scaled in place: the gradient tensors (whose buffers these may be) are disposed right below.
  if (clipNorm !== undefined) clipGradientNorm(gradArrays, clipNorm);
  // dataSync may hand back the backend's own buffer (cpu), so weights are copied before updating.
  const values = variables.map((v) => (v.dataSync() as Float32Array).slice());
  const lossValue = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  optimizer.update(values, gradArrays);
  tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(values[i]!, v.shape, 'float32'))));
  return lossValue;
}
