/**
 * "Federated / centralised", stated against both centralised baselines: the one given the federated
 * run's training budget and the one trained to convergence. The ratio is of test PR-AUC.
 */
import { ARM_IDS } from '../arms.js';
import type { ArmResult } from '../eval/types.js';
import { meanSd } from './table.js';

const BASELINES = [ARM_IDS.centralised, ARM_IDS.converged];

/** The federated run's PR-AUC over one centralised baseline's. */
interface CentralisedRatio {
  federated: string;
  centralised: string;
  /** federated PR-AUC / centralised PR-AUC; null when the centralised PR-AUC is 0. */
  ratio: number | null;
  federatedPrAuc: number;
  centralisedPrAuc: number;
}

/** The ratios of `federatedId` over each centralised baseline present in `arms`. */
function centralisedRatios(arms: ArmResult[], federatedId: string): CentralisedRatio[] {
  const fed = arms.find((a) => a.id === federatedId);
  if (!fed) return [];
  return BASELINES.flatMap((id) => {
    const c = arms.find((a) => a.id === id);
    if (!c) return [];
    const ratio = c.window.prAuc > 0 ? fed.window.prAuc / c.window.prAuc : null;
    return [
      {
        federated: fed.label,
        centralised: c.label,
        ratio,
        federatedPrAuc: fed.window.prAuc,
        centralisedPrAuc: c.window.prAuc,
      },
    ];
  });
}

const ratioText = (r: number | null) => (r === null ? 'undefined (centralised PR-AUC 0)' : r.toFixed(2));

/** One line per centralised baseline, e.g. "federated focal / centralised focal (converged), test PR-AUC: 0.452 / 0.700 = 0.65". */
export function ratioLines(arms: ArmResult[], federatedId: string): string[] {
  return centralisedRatios(arms, federatedId).map(
    (r) =>
      `${r.federated} / ${r.centralised}, test PR-AUC: ${r.federatedPrAuc.toFixed(3)} / ${r.centralisedPrAuc.toFixed(3)} = ${ratioText(r.ratio)}`,
  );
}

/** The same over repeated runs: the ratio of each repeat, as mean ± sd. */
export function seriesRatioLines(runs: ArmResult[][], federatedId: string): string[] {
  const perRun = runs.map((arms) => centralisedRatios(arms, federatedId));
  return (perRun[0] ?? []).map((first, i) => {
    const ratios = perRun.map((r) => r[i]?.ratio).filter((v): v is number => v !== null && v !== undefined);
    if (ratios.length === 0) return `${first.federated} / ${first.centralised}, test PR-AUC: ${ratioText(null)}`;
    const { mean, sd } = meanSd(ratios);
    return `${first.federated} / ${first.centralised}, test PR-AUC ratio: ${mean.toFixed(2)} ± ${sd.toFixed(2)} over ${ratios.length} seeds`;
  });
}
