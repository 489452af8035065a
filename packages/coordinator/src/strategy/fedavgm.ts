/**
 * FedAvgM (Hsu et al. 2019, "Measuring the Effects of Non-Identical Data Distribution for Federated
 * Visual Classification"): FedAvg with momentum on the server. The clients' weighted average defines a
 * pseudo-gradient Δ = average − global, accumulated across rounds:
 *   v ← βv + Δ,  global ← global + η·v.
 * η = 1, β = 0 is plain FedAvg. On non-IID clients the momentum keeps the direction the rounds agree on
 * and damps what each round's sample pulls its own way. The velocity v is strategy state, checkpointed
 * after every committed round.
 */
import type { Parameters } from '@quakefed/proto';
import { assertSameLayout } from '../aggregate.js';
import { FEDAVGM_DEFAULTS, type FedAvgMOptions } from '../defaults.js';
import { OptionsError } from '../errors.js';
import { FedAvg } from './fedavg.js';
import type { StrategyState } from './types.js';

export class FedAvgM extends FedAvg {
  override readonly name: string = 'fedavgm';
  private readonly serverLearningRate: number;
  private readonly serverMomentum: number;
  private velocity: Parameters | null = null;

  constructor(options: Partial<FedAvgMOptions> = {}) {
    const { serverLearningRate, serverMomentum, ...base } = { ...FEDAVGM_DEFAULTS, ...options };
    if (!(serverLearningRate > 0 && Number.isFinite(serverLearningRate))) {
      throw new OptionsError(`serverLearningRate must be > 0, got ${serverLearningRate}`);
    }
    if (!(serverMomentum >= 0 && serverMomentum < 1))
      throw new OptionsError(`serverMomentum must be in [0, 1), got ${serverMomentum}`);
    super(base);
    this.serverLearningRate = serverLearningRate;
    this.serverMomentum = serverMomentum;
  }

  protected override serverUpdate(_round: number, global: Parameters, average: Parameters): Parameters {
    const eta = this.serverLearningRate;
    const beta = this.serverMomentum;
    const previous = this.velocity;
    if (previous) assertSameLayout(global, previous);
    const velocity: Parameters = [];
    const next = global.map((t, i) => {
      const g = t.data;
      const avg = average[i]!.data;
      const before = previous?.[i]!.data;
      const v = new Float32Array(g.length);
      const out = new Float32Array(g.length);
      for (let j = 0; j < g.length; j++) {
        v[j] = (before ? beta * before[j]! : 0) + (avg[j]! - g[j]!);
        out[j] = g[j]! + eta * v[j]!;
      }
      velocity.push({ name: t.name, shape: [...t.shape], data: v });
      return { name: t.name, shape: [...t.shape], data: out };
    });
    this.velocity = velocity;
    return next;
  }

  override exportState(): StrategyState {
    return { name: this.name, values: {}, tensors: this.velocity ? { velocity: this.velocity } : {} };
  }

  override importState(state: StrategyState): void {
    this.velocity = state.tensors.velocity ?? null;
  }
}
