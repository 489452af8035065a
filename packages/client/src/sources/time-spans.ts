/**
 * Half-open time intervals and their union: what an archive's data cover, as opposed to the interval
 * from its first sample to its last (which counts the gaps too).
 */

/** [start, end) in epoch ms. */
export interface TimeSpan {
  start: number;
  end: number;
}

/**
 * Adds [start, end) to `spans`, widening the last span when the new one starts within `toleranceMs` of
 * its end (records in file order mostly follow each other, so a file's data stay a few spans rather
 * than one per record; the tolerance absorbs the rounding of record start times).
 */
export function appendSpan(spans: TimeSpan[], start: number, end: number, toleranceMs: number): void {
  const last = spans.at(-1);
  if (last && start >= last.start && start <= last.end + toleranceMs) last.end = Math.max(last.end, end);
  else spans.push({ start, end });
}

/** The union of `spans` as disjoint spans in time order (spans that overlap or touch become one). */
export function mergeSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  const merged: TimeSpan[] = [];
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** Total length of disjoint `spans`, ms. */
export function spansLength(spans: readonly TimeSpan[]): number {
  return spans.reduce((sum, s) => sum + (s.end - s.start), 0);
}
