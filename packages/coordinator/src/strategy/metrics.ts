/** Example-weighted averaging of client-reported metrics. */
import type { ConfigMap } from '@quakefed/proto';
import type { RoundMetrics } from './types.js';

/**
 * Running weighted mean of every finite numeric entry of the metrics maps added (non-numeric entries,
 * e.g. strings, are ignored). A key missing from some clients is averaged over the clients that sent it.
 */
export class WeightedMetrics {
  private readonly sums = new Map<string, { sum: number; weight: number }>();

  add(metrics: ConfigMap, weight: number): void {
    for (const [key, value] of Object.entries(metrics)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const entry = this.sums.get(key) ?? { sum: 0, weight: 0 };
      entry.sum += value * weight;
      entry.weight += weight;
      this.sums.set(key, entry);
    }
  }

  /** The means, keyed like the inputs. */
  result(): RoundMetrics {
    const out: RoundMetrics = {};
    for (const [key, { sum, weight }] of this.sums) if (weight > 0) out[key] = sum / weight;
    return out;
  }
}
