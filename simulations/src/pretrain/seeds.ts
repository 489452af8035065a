/**
 * The pretraining population must share no seed with any federation, validation or test set of the
 * simulator: a pretrained model that had seen a test station's noise would flatter every result that
 * starts from it. Checked seed by seed — every training station's own data seed included — against the
 * scenarios the simulator runs by default (`quakefed simulate`/`experiment` and `quakefed demo`).
 */
import { DEFAULT_SCENARIO, DEMO_SCENARIO } from '../defaults.js';
import { makeTrainingStations } from '../data/population.js';
import type { WindowSynthesizer } from '../data/station-source.js';
import { resolveScenario, type Scenario } from '../scenario.js';
import { scenarioForSeed } from '../seeds.js';

/** A seed or a range of seeds a set of stations uses (a held-out part's stream seeds follow its seed). */
interface SeedUse {
  what: string;
  from: number;
  to: number;
}

/** Listing stations synthesizes nothing. */
const NO_SYNTHESIS: WindowSynthesizer = {
  labelledWindows: () => Promise.reject(new Error('listing seeds synthesizes no windows')),
};

/** The population seed and every training station's data seed. */
function trainingUses(s: Scenario, label: string): SeedUse[] {
  return [
    { what: `${label} seed`, from: s.seed, to: s.seed },
    ...makeTrainingStations(s, NO_SYNTHESIS).map((st) => ({
      what: `${label} training station ${st.id}`,
      from: st.seed,
      to: st.seed,
    })),
  ];
}

/** Held-out station i of a part with seed s streams with seed s + i + 1 (`data/held-out.ts`). */
const heldOutUse = (what: string, part: { seed: number; stations: number }): SeedUse => ({
  what,
  from: part.seed,
  to: part.seed + part.stations,
});

/** Every seed of every repeat of a scenario. */
function scenarioUses(s: Scenario, label: string): SeedUse[] {
  return Array.from({ length: s.seeds }, (_, k) => {
    const r = scenarioForSeed(s, k);
    const of = s.seeds > 1 ? `${label} (repeat ${k + 1})` : label;
    return [
      ...trainingUses(r, of),
      heldOutUse(`${of} validation stations`, r.validation),
      heldOutUse(`${of} test stations`, r.test),
    ];
  }).flat();
}

/** The scenarios whose seeds a pretraining run must stay clear of. */
function simulatorScenarios(): { label: string; scenario: Scenario }[] {
  return [
    { label: 'the default scenario', scenario: DEFAULT_SCENARIO },
    { label: 'the demo scenario', scenario: resolveScenario(DEMO_SCENARIO) },
  ];
}

/**
 * Seeds of the pretraining scenario `p` (its training stations and validation stations) that collide
 * with each other or with a seed of `others`; empty when there are none.
 */
export function pretrainSeedIssues(p: Scenario, others = simulatorScenarios()): string[] {
  const own = [...trainingUses(p, 'pretraining'), heldOutUse('pretraining validation stations', p.validation)];
  const theirs = others.flatMap(({ label, scenario }) => scenarioUses(scenario, label));
  const overlap = (a: SeedUse, b: SeedUse): boolean => a.from <= b.to && b.from <= a.to;
  const issues: string[] = [];
  own.forEach((a, i) => {
    for (const b of [...own.slice(i + 1), ...theirs]) {
      if (overlap(a, b))
        issues.push(
          `${a.what} (seed ${a.from}${a.to > a.from ? `–${a.to}` : ''}) collides with ${b.what} (seed ${b.from}${b.to > b.from ? `–${b.to}` : ''})`,
        );
    }
  });
  return issues;
}
