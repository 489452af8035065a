/**
 * FedAdam (Reddi et al. 2021, "Adaptive Federated Optimization"): the clients' weighted average defines
 * a pseudo-gradient Δ = average − global, and the server applies Adam to it:
 *   m ← β₁m + (1−β₁)Δ,  v ← β₂v + (1−β₂)Δ²,  global ← global + η·m/(√v + τ).
 * The moments m, v and the step count are strategy state, checkpointed after every committed round.
 * The second-moment rule is {@link FedAdam.secondMoment}, so another of the paper's adaptive
 * optimisers (e.g. Yogi) is a subclass that overrides only that rule.
 */
import type { Parameters } from '@quakefed/proto';
import { assertSameLayout } from '../aggregate.js';
import { FEDADAM_DEFAULTS, type FedAdamOptions } from '../defaults.js';
import { OptionsError } from '../errors.js';
import { FedAvg } from './fedavg.js';
import type { StrategyState } from './types.js';

const zerosLike = (p: Parameters): Parameters =>
  p.map((t) => ({ name: t.name, shape: [...t.shape], data: new Float32Array(t.data.length) }));

export class FedAdam extends FedAvg {
  override readonly name: string = 'fedadam';
  private readonly adam: Pick<FedAdamOptions, 'serverLearningRate' | 'beta1' | 'beta2' | 'tau'>;
  private m: Parameters | null = null;
  private v: Parameters | null = null;
  private step = 0;

  constructor(options: Partial<FedAdamOptions> = {}) {
    const { serverLearningRate, beta1, beta2, tau, ...base } = { ...FEDADAM_DEFAULTS, ...options };
    if (!(serverLearningRate > 0)) throw new OptionsError(`serverLearningRate must be > 0, got ${serverLearningRate}`);
    for (const [key, beta] of [
      ['beta1', beta1],
      ['beta2', beta2],
    ] as const) {
      if (!(beta >= 0 && beta < 1)) throw new OptionsError(`${key} must be in [0, 1), got ${beta}`);
    }
    if (!(tau > 0)) throw new OptionsError(`tau must be > 0, got ${tau}`);
    super(base);
    this.adam = { serverLearningRate, beta1, beta2, tau };
  }

  protected override serverUpdate(_round: number, global: Parameters, average: Parameters): Parameters {
    const m = this.m ?? zerosLike(global);
    const v = this.v ?? zerosLike(global);
    assertSameLayout(global, m);
    const { serverLearningRate: eta, beta1, beta2, tau } = this.adam;
    const next = global.map((t, i) => {
      const g = t.data;
      const avg = average[i]!.data;
      const mi = m[i]!.data;
      const vi = v[i]!.data;
      const out = new Float32Array(g.length);
      for (let j = 0; j < g.length; j++) {
        const delta = avg[j]! - g[j]!;
        const mj = beta1 * mi[j]! + (1 - beta1) * delta;
        const vj = this.secondMoment(vi[j]!, delta * delta, beta2);
        mi[j] = mj;
        vi[j] = vj;
        out[j] = g[j]! + (eta * mj) / (Math.sqrt(vj) + tau);
      }
      return { name: t.name, shape: [...t.shape], data: out };
    });
    this.m = m;
    this.v = v;
    this.step += 1;
    return next;
  }

  /** Adam's second moment: v ← β₂v + (1−β₂)Δ². Subclasses replace the rule, not the rest of the step. */
  protected secondMoment(v: number, deltaSquared: number, beta2: number): number {
    return beta2 * v + (1 - beta2) * deltaSquared;
  }

  override exportState(): StrategyState {
    const tensors: Record<string, Parameters> = {};
    if (this.m && this.v) Object.assign(tensors, { m: this.m, v: this.v });
    return { name: this.name, values: { step: this.step }, tensors };
  }

  override importState(state: StrategyState): void {
    this.step = state.values.step ?? 0;
    this.m = state.tensors.m ?? null;
    this.v = state.tensors.v ?? null;
  }
}
