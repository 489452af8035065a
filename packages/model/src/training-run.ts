/** What `trainLocal` drives: the per-step work of one training run, on the fused engine or the tfjs graph. */

/** One training run over a dataset, set up for a model and options. */
export interface TrainingRun {
  /** One optimiser step on the windows `order[start..end)`; returns the batch's mean loss. */
  step(order: Uint32Array, start: number, end: number): number;
  /** The current weights, back to back in `getParameters` order (a copy). */
  weights(): Float32Array;
  /** Leaves the trained weights in the model and frees what the run holds (call once, also after a failure). */
  close(): void;
}
