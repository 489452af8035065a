/**
 * FedYogi (Reddi et al. 2021, "Adaptive Federated Optimization"): FedAdam with Yogi's second moment,
 *   v ← v − (1−β₂)·Δ²·sign(v − Δ²),
 * which moves v towards Δ² by at most (1−β₂)Δ² a round. Adam's v forgets a large past Δ² at the rate
 * β₂ alone, so a quiet stretch after a burst shrinks √v and inflates the step; Yogi's additive change
 * keeps the step size steadier when the clients' updates vary in scale from round to round.
 * Everything else (m, the step η·m/(√v + τ), the options, defaults and checkpointed state) is FedAdam's;
 * v starts at zero, as FedAdam's does.
 */
import { FedAdam } from './fedadam.js';

export class FedYogi extends FedAdam {
  override readonly name: string = 'fedyogi';

  protected override secondMoment(v: number, deltaSquared: number, beta2: number): number {
    return v - (1 - beta2) * deltaSquared * Math.sign(v - deltaSquared);
  }
}
