/**
 * The class imbalance of a federation, stated for the report: how many noise windows a station holds
 * per quake window, and how many it trains on per quake window in a round (the budget keeps every
 * quake window and draws the rest from the noise). Stations that never see a quake have no ratio.
 */
import type { Scenario } from '../scenario.js';
import { stationBudget, type TrainingStation } from './population.js';

/** Noise windows per quake window over the stations that see quakes. */
export interface RatioRange {
  min: number;
  median: number;
  max: number;
}

/** The class imbalance of a federation's training stations (see `describeImbalance`). */
export interface ImbalanceSummary {
  stations: number;
  /** Stations holding at least one quake window. */
  stationsWithQuakes: number;
  /** Held: noise windows of the archive per quake window; null when no station holds a quake window. */
  held: RatioRange | null;
  /** Trained on per round: noise windows of a round's budgeted draw per quake window. */
  perRound: RatioRange | null;
}

function range(values: number[]): RatioRange | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/** The imbalance of a scenario's training stations (counts only: nothing is synthesized). */
export function imbalanceSummary(s: Scenario, stations: TrainingStation[]): ImbalanceSummary {
  const withQuakes = stations.filter((st) => st.source.positives > 0);
  return {
    stations: stations.length,
    stationsWithQuakes: withQuakes.length,
    held: range(withQuakes.map((st) => st.source.negatives / st.source.positives)),
    perRound: range(withQuakes.map((st) => st.source.roundNegatives(stationBudget(s, st)) / st.source.positives)),
  };
}

/** quake:noise, e.g. "1:8,640"; with more quake than noise windows, e.g. "3.5:1". */
const ratio = (noisePerQuake: number) =>
  noisePerQuake >= 1 ? `1:${Math.round(noisePerQuake).toLocaleString('en-US')}` : `${(1 / noisePerQuake).toFixed(1)}:1`;
const describeRange = (r: RatioRange) => `${ratio(r.median)} (median; ${ratio(r.min)} … ${ratio(r.max)})`;

/** One sentence for the report: the quake:noise ratio held and trained on per round. */
export function describeImbalance(i: ImbalanceSummary): string {
  if (!i.held || !i.perRound) return `none of the ${i.stations} training stations holds a quake window`;
  return (
    `quake:noise windows on the ${i.stationsWithQuakes} of ${i.stations} training stations that see quakes: ` +
    `held ${describeRange(i.held)}; trained on per round ${describeRange(i.perRound)}`
  );
}
