/**
 * The mergeable evaluation counts every layer shares: the seismic package computes them, the wire
 * carries them in EvaluateRes, the coordinator sums them across clients. Defined here, below both,
 * so the wire protocol does not depend on the signal-processing package.
 */

/** Confusion counts at one threshold; sum them across clients (never average rates). */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Per-bin counts of positive and negative windows (bin i covers [i/bins, (i+1)/bins); the last also holds 1). */
export interface ScoreHistogram {
  bins: number;
  positive: number[];
  negative: number[];
}
