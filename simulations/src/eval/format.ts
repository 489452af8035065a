/**
 * An event recall written with the counts it rests on — "0.62 (37/60)" — so that a reader sees at
 * once when a rate stands on a handful of events.
 */
import type { RecallCount } from './types.js';

/** A recall with its hits and events, e.g. "0.62 (37/60)"; "– (0/0)" with no events. */
export function formatRecall(r: RecallCount, digits = 2): string {
  return `${r.events === 0 ? '–' : r.recall.toFixed(digits)} (${r.hits}/${r.events})`;
}
