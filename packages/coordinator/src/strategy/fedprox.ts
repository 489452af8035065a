/**
 * FedProx (Li et al. 2020): FedAvg aggregation; clients add the proximal term μ/2·‖w − w_global‖² to
 * their local loss, which keeps heterogeneous (non-IID) stations from drifting apart. μ travels in the
 * fit config as `proxMu`.
 */
import { FEDPROX_DEFAULTS, type FedProxOptions } from '../defaults.js';
import { OptionsError } from '../errors.js';
import { FedAvg } from './fedavg.js';

export class FedProx extends FedAvg {
  override readonly name: string = 'fedprox';
  private readonly proxMu: number;

  constructor(options: Partial<FedProxOptions> = {}) {
    const { proxMu, ...base } = { ...FEDPROX_DEFAULTS, ...options };
    if (!(proxMu >= 0 && Number.isFinite(proxMu))) throw new OptionsError(`proxMu must be >= 0, got ${proxMu}`);
    super(base);
    this.proxMu = proxMu;
  }

  protected override fitConfig(round: number): FedProxOptions['fitConfig'] {
    return { ...super.fitConfig(round), proxMu: this.proxMu };
  }
}
