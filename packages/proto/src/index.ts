export type { NamedTensor, Parameters, ConfigValue, ConfigMap } from './types.js';
