/** The results table, as Markdown (also what the terminal prints). */
import type { ArmResult } from '../eval/types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';

const fmt = (v: number | null, digits = 3): string => (v === null ? 'never' : v.toFixed(digits));

/** Column headers of the results table. */
export function resultsHeader(): string[] {
  const fa = EVENT_OPERATING_POINTS.falseAlarmsPerStationDay;
  const rec = Math.round(EVENT_OPERATING_POINTS.eventRecall * 100);
  return ['model', 'PR-AUC', 'F1 (best thr.)', `event recall @ ${fa} FA/station-day`, `FA/station-day @ ${rec}% event recall`];
}

/** One row per compared model, values rounded for reading. */
export function resultsRows(arms: ArmResult[]): string[][] {
  return arms.map((a) => [
    a.label,
    fmt(a.window.prAuc),
    fmt(a.window.bestF1),
    fmt(a.event.recallAtFalseAlarmRate),
    fmt(a.event.falseAlarmsAtRecall, 2),
  ]);
}

/** The results table in Markdown. */
export function resultsMarkdown(arms: ArmResult[]): string {
  const header = resultsHeader();
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of resultsRows(arms)) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}
