/** Summarises the local-only models: the mean over stations, and the worst station. */
import type { ArmResult } from '../eval/types.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * `mean`: every table metric averaged over the stations (the false-alarm rate at 90% recall over the
 * stations that reach it; null when none does); its plotted curves are those of the station whose
 * PR-AUC is closest to the mean. `worst`: the station with the lowest PR-AUC, as it is.
 */
export function summariseLocalOnly(results: ArmResult[]): { mean: ArmResult; worst: ArmResult } {
  const prAucs = results.map((r) => r.window.prAuc);
  const meanPrAuc = mean(prAucs);
  const representative = results.reduce((best, r) => (Math.abs(r.window.prAuc - meanPrAuc) < Math.abs(best.window.prAuc - meanPrAuc) ? r : best));
  const worst = results.reduce((w, r) => (r.window.prAuc < w.window.prAuc ? r : w));
  const reached = results.map((r) => r.event.falseAlarmsAtRecall).filter((v): v is number => v !== null);
  const trainingWindows = mean(results.map((r) => r.trainingWindows ?? 0));
  return {
    mean: {
      id: 'local-only-mean',
      label: 'local-only (mean)',
      trainingWindows,
      note: `mean over ${results.length} stations trained alone; curves of ${representative.label}; FA at 90% recall averaged over the ${reached.length} stations that reach it`,
      window: { ...representative.window, prAuc: meanPrAuc, bestF1: mean(results.map((r) => r.window.bestF1)) },
      event: {
        ...representative.event,
        recallAtFalseAlarmRate: mean(results.map((r) => r.event.recallAtFalseAlarmRate)),
        falseAlarmsAtRecall: reached.length > 0 ? mean(reached) : null,
      },
    },
    worst: { ...worst, id: 'local-only-worst', label: 'local-only (worst)', note: `weakest of the ${results.length} stations: ${worst.label}` },
  };
}
