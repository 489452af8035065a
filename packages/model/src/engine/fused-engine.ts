/**
 * The fused engine (wasm/engine.c → wasm/engine.wasm) behind a typed class: the whole forward and
 * backward pass of the reference classifier family, its loss and the optimiser update in one wasm
 * call per training step (one per batch for inference), instead of ~300 tfjs kernel calls. It knows
 * nothing of tfjs: weights come in and go out as float32 arrays in the model's weight order.
 * Each instance has its own memory; one instance serves one training or scoring run at a time.
 */
import { ADAM_DEFAULTS } from '../defaults.js';
import { MODEL_ERROR_CODES, ModelError } from '../errors.js';
import { gatherWindows } from '../gather-windows.js';
import type { ResolvedLoss } from '../losses.js';
import type { ModelConfig, TrainOptions, WindowData } from '../types.js';
import { instantiateWasmFile, type WasmMemory } from '@quakefed/core';

const WASM_URL = new URL('./wasm/engine.wasm', import.meta.url);
/** Loss and optimiser numbering of wasm/loss.h and wasm/optimizer.h. */
const LOSS_KIND = { focal: 0, bce: 1, 'weighted-bce': 2 } as const;
const OPTIMIZER_KIND = { adam: 0, sgd: 1 } as const;
/** The math the C takes from the host instead of linking a libm. */
const HOST_IMPORTS = { env: { exp: Math.exp, log1p: Math.log1p, pow: Math.pow } };

/** Exports of engine.wasm; pointers are byte offsets into `memory`. */
interface EngineExports {
  memory: WasmMemory;
  qf_scratch(): number;
  qf_configure(
    windowLength: number,
    channels: number,
    inputPool: number,
    depth: number,
    filters: number,
    kernelSize: number,
    strides: number,
    maxBatch: number,
    training: number,
  ): number;
  qf_staging(): number;
  qf_params(): number;
  qf_grads(): number;
  qf_params_length(): number;
  qf_staging_length(): number;
  qf_load_params(): void;
  qf_store_params(): void;
  qf_load_anchor(): void;
  qf_store_grads(): void;
  qf_input(): number;
  qf_input_stride(): number;
  qf_input_offset(): number;
  qf_labels(): number;
  qf_scores(): number;
  qf_set_loss(kind: number, alpha: number, gamma: number, positiveWeight: number): void;
  qf_set_optimizer(
    kind: number,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    momentum: number,
    proxMu: number,
    clipNorm: number,
  ): void;
  qf_predict(n: number): void;
  qf_evaluate(n: number): number;
  qf_gradients(n: number): number;
  qf_other_grads(): number;
  qf_mix_start(weight: number): void;
  qf_mix_add(weight: number): void;
  qf_mix_finish(total: number): void;
  qf_update(): number;
  qf_train_step(n: number): number;
}

/** The optimiser settings of a training run (as in `TrainOptions`). */
export type EngineTraining = Pick<TrainOptions, 'optimizer' | 'learningRate' | 'momentum' | 'clipNorm' | 'proxMu'>;

/** One instance of the engine: configure it for a model and batch size, then train or score. */
export class FusedEngine {
  private readonly api = instantiateWasmFile(WASM_URL, HOST_IMPORTS) as unknown as EngineExports;
  private maxBatch = 0;
  private training = false;
  /** The geometry of the last inference layout, which a repeated configure keeps. */
  private scoringLayout = '';

  /**
   * Lays the engine out for `config` and batches of up to `maxBatch` windows (`training`: with
   * gradients and optimiser state). Forgets the weights and the optimiser state. An inference layout
   * the engine already has is kept as it is: laying it out again would only zero its buffers (a
   * detector scores a station-day in hundreds of calls), and scoring writes only inside the padding
   * rows that must stay zero.
   */
  configure(config: ModelConfig, maxBatch: number, training: boolean): void {
    const { api } = this;
    const layout = training
      ? ''
      : JSON.stringify([
          config.windowLength,
          config.channels,
          config.inputPool,
          config.filters,
          config.kernelSize,
          config.strides,
          maxBatch,
        ]);
    if (layout !== '' && layout === this.scoringLayout) return;
    this.scoringLayout = layout;
    const filters = api.qf_scratch();
    new Int32Array(api.memory.buffer, filters, config.filters.length).set(config.filters);
    const status = api.qf_configure(
      config.windowLength,
      config.channels,
      config.inputPool,
      config.filters.length,
      filters,
      config.kernelSize,
      config.strides,
      maxBatch,
      training ? 1 : 0,
    );
    if (status !== 0) {
      this.scoringLayout = '';
      throw new ModelError(MODEL_ERROR_CODES.unsupported, 'fused engine: out of memory');
    }
    this.maxBatch = maxBatch;
    this.training = training;
  }

  /** Sets the weights: one array per weight tensor, in model order, with tfjs' layouts. */
  setParameters(values: readonly Float32Array[]): void {
    this.writeStaging(values);
    this.api.qf_load_params();
  }

  /** The weights (one copy, all tensors back to back in model order). */
  parameters(): Float32Array {
    this.api.qf_store_params();
    return this.staging().slice();
  }

  /** Sets the FedProx anchor (same layout as {@link setParameters}); training engines only. */
  setAnchor(values: readonly Float32Array[]): void {
    this.requireTraining();
    this.writeStaging(values);
    this.api.qf_load_anchor();
  }

  /** The gradient of the last {@link gradients} or {@link trainStep} call, laid out as {@link parameters}. */
  lastGradients(): Float32Array {
    this.requireTraining();
    this.api.qf_store_grads();
    return this.staging().slice();
  }

  /** The loss that training, gradients and evaluation compute. */
  setLoss(loss: ResolvedLoss): void {
    const alpha = loss.loss === 'focal' ? loss.alpha : 0;
    const gamma = loss.loss === 'focal' ? loss.gamma : 0;
    this.api.qf_set_loss(LOSS_KIND[loss.loss], alpha, gamma, loss.loss === 'weighted-bce' ? loss.positiveWeight : 1);
  }

  /** Starts a training run with fresh optimiser state (Adam moments, momentum, step count). */
  startTraining(options: EngineTraining): void {
    this.requireTraining();
    const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
    this.api.qf_set_optimizer(
      OPTIMIZER_KIND[options.optimizer],
      options.learningRate,
      beta1,
      beta2,
      epsilon,
      options.momentum ?? 0,
      options.proxMu ?? 0,
      options.clipNorm ?? 0,
    );
  }

  /** Loads windows `order[start..end)` of `data` and their labels as the batch; returns its size. */
  loadBatch(data: WindowData, order: Uint32Array, start: number, end: number): number {
    this.checkBatch(end - start);
    const { api } = this;
    const input = new Float32Array(api.memory.buffer, api.qf_input());
    const labels = new Float32Array(api.memory.buffer, api.qf_labels(), end - start);
    return gatherWindows(data, order, start, end, input, labels, api.qf_input_stride(), api.qf_input_offset());
  }

  /** Loads `n` consecutive windows of `x` (laid out [count, length, channels]) from window `first`. */
  loadWindows(x: Float32Array, first: number, n: number, windowSize: number, labels?: Uint8Array | Float32Array): void {
    this.checkBatch(n);
    const { api } = this;
    const input = new Float32Array(api.memory.buffer, api.qf_input());
    const stride = api.qf_input_stride();
    const offset = api.qf_input_offset();
    if (stride === windowSize && offset === 0) {
      // Windows back to back (a pooling engine's input): one copy.
      input.set(x.subarray(first * windowSize, (first + n) * windowSize));
    } else {
      for (let j = 0; j < n; j++) {
        const from = (first + j) * windowSize;
        input.set(x.subarray(from, from + windowSize), j * stride + offset);
      }
    }
    if (labels) new Float32Array(api.memory.buffer, api.qf_labels(), n).set(labels.subarray(first, first + n));
  }

  /** Scores σ(logit) of the `n` loaded windows: a view, valid until the engine's next call. */
  predict(n: number): Float32Array {
    this.api.qf_predict(n);
    return new Float32Array(this.api.memory.buffer, this.api.qf_scores(), n);
  }

  /** Like {@link predict}, and returns the mean loss of the `n` loaded windows against their labels. */
  evaluate(n: number): { loss: number; scores: Float32Array } {
    const loss = this.api.qf_evaluate(n);
    return { loss, scores: new Float32Array(this.api.memory.buffer, this.api.qf_scores(), n) };
  }

  /** Mean data loss of the `n` loaded windows and its gradient (see {@link lastGradients}); no update. */
  gradients(n: number): number {
    this.requireTraining();
    return this.api.qf_gradients(n);
  }

  /**
   * Replaces the last gradient (the mean over this engine's `count` windows) with the mean over a
   * whole batch whose other shares' mean gradients (internal layout, see {@link internalGradients})
   * and window counts are `others`: Σ countᵢ·gᵢ / Σ countᵢ, summed in float64.
   */
  combineGradients(count: number, others: readonly { grads: Float32Array; count: number }[]): void {
    this.requireTraining();
    const { api } = this;
    api.qf_mix_start(count);
    let total = count;
    for (const other of others) {
      new Float32Array(api.memory.buffer, api.qf_other_grads(), api.qf_params_length()).set(other.grads);
      api.qf_mix_add(other.count);
      total += other.count;
    }
    api.qf_mix_finish(total);
  }

  /**
   * The update after {@link gradients} (whose gradient may meanwhile have been combined with other
   * engines', see {@link combineGradients}): FedProx, clipping, the optimiser step. Returns the
   * FedProx term of the loss (0 without it).
   */
  update(): number {
    this.requireTraining();
    return this.api.qf_update();
  }

  /**
   * The weights in the engine's internal layout: a live view, valid until the next `configure`.
   * Engines configured alike share the layout, so weights can be copied between them as they are.
   */
  internalParameters(): Float32Array {
    return new Float32Array(this.api.memory.buffer, this.api.qf_params(), this.api.qf_params_length());
  }

  /** The last gradient in the internal layout (see {@link internalParameters}); training engines only. */
  internalGradients(): Float32Array {
    this.requireTraining();
    return new Float32Array(this.api.memory.buffer, this.api.qf_grads(), this.api.qf_params_length());
  }

  /** One training step on the `n` loaded windows; returns the loss (with the FedProx term). */
  trainStep(n: number): number {
    this.requireTraining();
    return this.api.qf_train_step(n);
  }

  private staging(): Float32Array {
    return new Float32Array(this.api.memory.buffer, this.api.qf_staging(), this.api.qf_staging_length());
  }

  private writeStaging(values: readonly Float32Array[]): void {
    const staging = this.staging();
    const total = values.reduce((n, v) => n + v.length, 0);
    if (total !== staging.length) {
      throw new ModelError(MODEL_ERROR_CODES.badParameters, `expected ${staging.length} values, got ${total}`);
    }
    let offset = 0;
    for (const v of values) {
      staging.set(v, offset);
      offset += v.length;
    }
  }

  private checkBatch(n: number): void {
    if (!(n >= 1 && n <= this.maxBatch)) {
      throw new ModelError(
        MODEL_ERROR_CODES.badData,
        `fused engine: batch of ${n}, configured for 1..${this.maxBatch}`,
      );
    }
  }

  private requireTraining(): void {
    if (!this.training)
      throw new ModelError(MODEL_ERROR_CODES.unsupported, 'fused engine configured for inference only');
  }
}
