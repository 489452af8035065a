/**
 * The one list of base strategies: name → how to build it, the option keys it reads beyond FedAvg's,
 * and a line of help. The factory, the config file's key check, the CLI's choices and the simulator
 * read it, so adding a strategy is its own file plus one entry here.
 */
import type { Parameters } from '@quakefed/proto';
import type { FedAdamOptions, FedAvgMOptions, FedAvgOptions, FedProxOptions } from '../defaults.js';
import { FedAdam } from './fedadam.js';
import { FedAvg } from './fedavg.js';
import { FedAvgM } from './fedavgm.js';
import { FedExP } from './fedexp.js';
import { FedProx } from './fedprox.js';
import { FedYogi } from './fedyogi.js';
import type { Strategy } from './types.js';

/** What every base strategy's constructor takes (each reads its own keys). */
export type BaseStrategyOptions = Partial<FedAvgOptions & FedProxOptions & FedAdamOptions & FedAvgMOptions> & {
  initialParameters?: Parameters | null;
};

/** One registered base strategy. */
export interface StrategyEntry {
  create(options: BaseStrategyOptions): Strategy;
  /** Option keys it reads beyond FedAvg's (`maxExampleWeight`, `fitConfig`, `evaluateConfig`). */
  optionKeys: readonly string[];
  help: string;
}

export const STRATEGY_REGISTRY = {
  fedavg: {
    create: (o) => new FedAvg(o),
    optionKeys: [],
    help: 'the clients’ models averaged by example count (McMahan et al. 2017)',
  },
  fedprox: {
    create: (o) => new FedProx(o),
    optionKeys: ['proxMu'],
    help: 'FedAvg with a proximal term sent to the clients (Li et al. 2020)',
  },
  fedadam: {
    create: (o) => new FedAdam(o),
    optionKeys: ['serverLearningRate', 'beta1', 'beta2', 'tau'],
    help: 'Adam on the server over the averaged update (Reddi et al. 2021)',
  },
  fedavgm: {
    create: (o) => new FedAvgM(o),
    optionKeys: ['serverLearningRate', 'serverMomentum'],
    help: 'server momentum over the averaged update (Hsu et al. 2019)',
  },
  fedexp: {
    create: (o) => new FedExP(o),
    optionKeys: [],
    help: 'FedAvg with a server step the round measures: longer when the updates disagree (Jhunjhunwala et al. 2023)',
  },
  fedyogi: {
    create: (o) => new FedYogi(o),
    optionKeys: ['serverLearningRate', 'beta1', 'beta2', 'tau'],
    help: 'Yogi on the server: FedAdam with an additive second moment (Reddi et al. 2021)',
  },
} as const satisfies Record<string, StrategyEntry>;

/** Names of the base strategies. */
export type StrategyName = keyof typeof STRATEGY_REGISTRY;

export const STRATEGY_NAMES = Object.keys(STRATEGY_REGISTRY) as StrategyName[];

/** Option keys every base strategy reads (FedAvg's). */
export const COMMON_STRATEGY_KEYS = ['maxExampleWeight', 'fitConfig', 'evaluateConfig'] as const;

/** The base strategies that read option `key` (for help texts that must not go stale as strategies are added). */
export function strategiesReading(key: string): StrategyName[] {
  return STRATEGY_NAMES.filter((name) => (STRATEGY_REGISTRY[name].optionKeys as readonly string[]).includes(key));
}

/** Whether `name` is a registered base strategy. */
export function isStrategyName(name: unknown): name is StrategyName {
  return typeof name === 'string' && Object.hasOwn(STRATEGY_REGISTRY, name);
}
