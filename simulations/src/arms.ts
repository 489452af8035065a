/** Ids and labels of the compared models (the rows of the results table). */
import type { LossName } from './scenario.js';

/** Row labels of the losses. */
export const LOSS_LABELS: Record<LossName, string> = { focal: 'focal', bce: 'BCE', 'weighted-bce': 'weighted BCE' };

/** Arm id of a federated run. */
export const federatedArmId = (loss: LossName) => `federated-${loss}`;

/** Arm ids of the baselines. */
export const ARM_IDS = {
  /** Centralised, trained for as many window-epochs as one federated run. */
  centralised: 'centralised',
  /** Centralised, trained until validation PR-AUC stops improving. */
  converged: 'centralised-converged',
  localMean: 'local-only-mean',
  localWorst: 'local-only-worst',
  stalta: 'stalta',
  initial: 'initial',
} as const;
