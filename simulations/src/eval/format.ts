/**
 * Event-level figures written with the counts they rest on — "0.62 (37/60)" — so that a reader sees
 * at once when a rate stands on a handful of events.
 */
import type { EventPoint, RecallCount } from './types.js';

function withCount(value: string, count: string): string {
  return `${value} (${count})`;
}

/** A recall with its hits and events, e.g. "0.62 (37/60)"; "– (0/0)" with no events. */
export function formatRecall(r: RecallCount, digits = 2): string {
  return withCount(r.events === 0 ? '–' : r.recall.toFixed(digits), `${r.hits}/${r.events}`);
}

/** A false-alarm rate per station-day with the number of false alarms, e.g. "0.50 (1)". */
export function formatFalseAlarms(p: Pick<EventPoint, 'falseAlarmsPerStationDay' | 'falseAlarms'>, digits = 2): string {
  return withCount(p.falseAlarmsPerStationDay.toFixed(digits), String(p.falseAlarms));
}
