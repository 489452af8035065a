/** Summarises the local-only models: the mean over stations, and the worst station. */
import { ARM_IDS } from '../arms.js';
import type { ArmResult, OperatingPoint, RecallCount } from '../eval/types.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Counts summed over the stations. Every local-only model is scored on the same test events, so the
 * pooled recall (hits summed / events summed) is the mean of the stations' recalls.
 */
function pooledRecall<T extends RecallCount>(parts: T[]): T {
  const hits = sum(parts.map((p) => p.hits));
  const events = sum(parts.map((p) => p.events));
  return { ...parts[0]!, hits, events, recall: events === 0 ? Number.NaN : hits / events };
}

/** The stations' operating points at one budget: counts summed, the false-alarm rate averaged, no single threshold. */
function pooledOperatingPoint(points: OperatingPoint[]): OperatingPoint {
  return {
    budgetPerStationDay: points[0]!.budgetPerStationDay,
    threshold: null,
    all: pooledRecall(points.map((p) => p.all)),
    aboveFloor: pooledRecall(points.map((p) => p.aboveFloor)),
    bySnr: points[0]!.bySnr.map((_, i) => pooledRecall(points.map((p) => p.bySnr[i]!))),
    falseAlarms: sum(points.map((p) => p.falseAlarms)),
    falseAlarmsPerStationDay: mean(points.map((p) => p.falseAlarmsPerStationDay)),
    duplicates: sum(points.map((p) => p.duplicates)),
  };
}

/**
 * `mean`: every table figure averaged over the stations — window metrics as means, event recalls with
 * their counts summed over the stations (the false-alarm rate at 90% recall over the stations that
 * reach it; null when none does); its plotted curves are those of the station whose PR-AUC is closest
 * to the mean. `worst`: the station with the lowest PR-AUC, as it is.
 */
export function summariseLocalOnly(results: ArmResult[]): { mean: ArmResult; worst: ArmResult } {
  const prAucs = results.map((r) => r.window.prAuc);
  const meanPrAuc = mean(prAucs);
  const representative = results.reduce((best, r) =>
    Math.abs(r.window.prAuc - meanPrAuc) < Math.abs(best.window.prAuc - meanPrAuc) ? r : best,
  );
  const worst = results.reduce((w, r) => (r.window.prAuc < w.window.prAuc ? r : w));
  const reached = results.map((r) => r.event.falseAlarmsAtRecall).filter((v): v is number => v !== null);
  const trainingWindows = mean(results.map((r) => r.trainingWindows ?? 0));
  const events = results.map((r) => r.event);
  const recallAtOne = pooledOperatingPoint(events.map((e) => e.recallAtOne));
  return {
    mean: {
      id: ARM_IDS.localMean,
      label: 'local-only (mean)',
      trainingWindows,
      note: `mean over ${results.length} stations trained alone (event counts summed over them); curves of ${representative.label}; FA at 90% recall averaged over the ${reached.length} stations that reach it`,
      window: { ...representative.window, prAuc: meanPrAuc, bestF1: mean(results.map((r) => r.window.bestF1)) },
      event: {
        ...representative.event,
        recallAtZero: pooledOperatingPoint(events.map((e) => e.recallAtZero)),
        recallAtOne,
        recallAtTen: pooledOperatingPoint(events.map((e) => e.recallAtTen)),
        recallAtFalseAlarmRate: recallAtOne.all.recall,
        falseAlarmsAtRecall: reached.length > 0 ? mean(reached) : null,
      },
    },
    worst: {
      ...worst,
      id: ARM_IDS.localWorst,
      label: 'local-only (worst)',
      note: `weakest of the ${results.length} stations: ${worst.label}`,
    },
  };
}
