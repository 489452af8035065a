/**
 * Binary losses from logits, written with softplus so they stay finite at any logit (tfjs'
 * softplus kernel switches to x / exp(x) beyond float32's range). With s = (2y − 1)·z:
 *   −log p_t = softplus(−s),   (1 − p_t)^γ = exp(−γ·softplus(s)).
 * Each returns the mean over the batch. Weighted variants are normalised by the window count, not
 * the weight sum, so their scale does not drift with the class mix of a batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import type { LossOptions } from './types.js';

/** A loss: logits and 0/1 labels of the same shape → scalar mean loss. */
export type LossFn = (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar;

function signedLogits(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.mul(tf.sub(tf.mul(labels, 2), 1), logits);
}

/** Plain binary cross-entropy: mean of −[y log p + (1−y) log(1−p)]. */
export function bceLoss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(tf.neg(signedLogits(logits, labels)))) as tf.Scalar);
}

/** Class-weighted BCE: positives weigh `positiveWeight`, negatives 1. */
export function weightedBceLoss(logits: tf.Tensor, labels: tf.Tensor, positiveWeight: number): tf.Scalar {
  return tf.tidy(() => {
    const weights = tf.add(tf.mul(labels, positiveWeight - 1), 1);
    return tf.mean(tf.mul(weights, tf.softplus(tf.neg(signedLogits(logits, labels))))) as tf.Scalar;
  });
}

/**
 * Binary focal loss (Lin et al. 2017): mean of −α_t (1 − p_t)^γ log p_t with α_t = α for quakes and
 * 1 − α for noise. γ = 0 gives α-weighted BCE.
 */
export function focalLoss(logits: tf.Tensor, labels: tf.Tensor, alpha: number, gamma: number): tf.Scalar {
  return tf.tidy(() => {
    const s = signedLogits(logits, labels);
    const alphaT = tf.add(tf.mul(labels, 2 * alpha - 1), 1 - alpha);
    const modulation = gamma === 0 ? tf.onesLike(s) : tf.exp(tf.mul(tf.softplus(s), -gamma));
    return tf.mean(tf.mul(tf.mul(alphaT, modulation), tf.softplus(tf.neg(s)))) as tf.Scalar;
  });
}

/** Negative/positive ratio of `labels` (1 when a class is absent): the balanced positive weight. */
export function balancedPositiveWeight(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]! > 0 ? 1 : 0;
  const negatives = labels.length - positives;
  return positives === 0 || negatives === 0 ? 1 : negatives / positives;
}

/** A loss with its parameters settled: what {@link lossFunction} builds and the fused engine computes. */
export type ResolvedLoss =
  | { loss: 'focal'; alpha: number; gamma: number }
  | { loss: 'bce' }
  | { loss: 'weighted-bce'; positiveWeight: number };

/**
 * Checks `options` and settles the loss's parameters; `labels` supplies the default weighted-BCE
 * positive weight.
 */
export function resolveLoss(options: LossOptions, labels: ArrayLike<number>): ResolvedLoss {
  switch (options.loss) {
    case 'focal':
      if (!(options.focalAlpha >= 0 && options.focalAlpha <= 1) || !(options.focalGamma >= 0)) {
        throw new ModelError(MODEL_ERROR_CODES.badOptions, 'focal loss needs 0 ≤ focalAlpha ≤ 1 and focalGamma ≥ 0');
      }
      return { loss: 'focal', alpha: options.focalAlpha, gamma: options.focalGamma };
    case 'bce':
      return { loss: 'bce' };
    case 'weighted-bce': {
      const positiveWeight = options.positiveWeight ?? balancedPositiveWeight(labels);
      if (!(positiveWeight > 0)) throw new ModelError(MODEL_ERROR_CODES.badOptions, 'positiveWeight must be > 0');
      return { loss: 'weighted-bce', positiveWeight };
    }
    default:
      throw new ModelError(MODEL_ERROR_CODES.badOptions, `unknown loss "${String(options.loss)}"`);
  }
}

/** The loss selected by `options`; `labels` supplies the default weighted-BCE positive weight. */
export function lossFunction(options: LossOptions, labels: ArrayLike<number>): LossFn {
  return resolvedLossFunction(resolveLoss(options, labels));
}

/** The tfjs loss function of a resolved loss. */
export function resolvedLossFunction(resolved: ResolvedLoss): LossFn {
  switch (resolved.loss) {
    case 'focal':
      return (z, y) => focalLoss(z, y, resolved.alpha, resolved.gamma);
    case 'bce':
      return bceLoss;
    case 'weighted-bce':
      return (z, y) => weightedBceLoss(z, y, resolved.positiveWeight);
  }
}
