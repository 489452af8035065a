/**
 * Reading an event-level sweep: the recall envelope (the best recall at or below each false-alarm
 * count — raising a threshold can lose hits without losing false alarms, and such points are never
 * worth choosing) and the best operating point within a false-alarm budget, its recall broken down by
 * the events' P-wave SNR.
 */
import { SNR_BANDS } from '../defaults.js';
import type { EventPoint, OperatingPoint, RecallCount } from './types.js';

/** One threshold of the sweep: its counts, and whether each event (streams concatenated) was hit. */
export interface ScoredThreshold {
  point: EventPoint;
  hit: boolean[];
}

/** Budgets are compared in counts (false alarms ≤ budget × station-days); this absorbs rounding. */
const COUNT_EPSILON = 1e-9;

/**
 * The envelope of a sweep: false alarms increasing, each threshold kept only when it hits more events
 * than every threshold with as few false alarms (detecting nothing — no hits, no false alarm — is the
 * implicit start, so thresholds without a hit are dropped).
 */
export function recallEnvelope(scored: readonly ScoredThreshold[]): ScoredThreshold[] {
  const sorted = [...scored].sort((a, b) => a.point.falseAlarms - b.point.falseAlarms || b.point.hits - a.point.hits);
  const out: ScoredThreshold[] = [];
  let hits = 0;
  for (const s of sorted) {
    if (s.point.hits <= hits) continue;
    out.push(s);
    hits = s.point.hits;
  }
  return out;
}

/** Recall over the events whose SNR passes `keep`. */
function recallWhere(snrs: readonly number[], hit: readonly boolean[], keep: (snr: number) => boolean): RecallCount {
  let hits = 0;
  let events = 0;
  snrs.forEach((snr, i) => {
    if (!keep(snr)) return;
    events++;
    if (hit[i]) hits++;
  });
  return { recall: events === 0 ? Number.NaN : hits / events, hits, events };
}

/**
 * The best point of `envelope` with at most `budget` false alarms per station-day (see `OperatingPoint`).
 * @param snrs P-wave SNR of every event, in the order of `ScoredThreshold.hit`
 * @param snrFloor SNR from which events count for `aboveFloor`
 */
export function operatingPoint(
  budget: number,
  envelope: readonly ScoredThreshold[],
  snrs: readonly number[],
  snrFloor: number,
): OperatingPoint {
  const best = envelope.findLast((s) => s.point.falseAlarms <= budget * s.point.stationDays + COUNT_EPSILON);
  const hit = best?.hit ?? [];
  return {
    budgetPerStationDay: budget,
    threshold: best ? best.point.threshold : null,
    all: recallWhere(snrs, hit, () => true),
    aboveFloor: recallWhere(snrs, hit, (s) => s >= snrFloor),
    bySnr: SNR_BANDS.map(({ label, snrMin, snrMax }) => ({
      label,
      snrMin,
      snrMax,
      ...recallWhere(snrs, hit, (s) => s >= snrMin && (snrMax === null || s < snrMax)),
    })),
    falseAlarms: best?.point.falseAlarms ?? 0,
    falseAlarmsPerStationDay: best?.point.falseAlarmsPerStationDay ?? 0,
    duplicates: best?.point.duplicates ?? 0,
  };
}

/** False alarms per station-day of the first envelope point reaching `recall`; null when none does. */
export function falseAlarmsAtRecall(envelope: readonly ScoredThreshold[], recall: number): number | null {
  return envelope.find((s) => s.point.recall >= recall)?.point.falseAlarmsPerStationDay ?? null;
}
