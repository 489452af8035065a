/*
 * Binary losses from a logit, in float64, written as losses.ts writes them. With s = (2y - 1) z and
 * p_t = sigmoid(s):
 *   BCE          -log p_t = softplus(-s)                      d/ds = -(1 - p_t)
 *   focal        a_t (1 - p_t)^g softplus(-s),  (1 - p_t)^g = exp(-g softplus(s))
 *                d/ds = a_t (1 - p_t)^g (-g p_t softplus(-s) - (1 - p_t))
 * exp and log1p come from the host (JavaScript's Math), so no libm is linked.
 */
#include "engine.h"
#include "loss.h"

IMPORT("exp") double host_exp(double);
IMPORT("log1p") double host_log1p(double);

/* log(1 + e^x) without overflow. */
static double softplus(double x) { return x > 0 ? x + host_log1p(host_exp(-x)) : host_log1p(host_exp(x)); }

double sigmoid(double x) {
  if (x >= 0) return 1 / (1 + host_exp(-x));
  const double e = host_exp(x);
  return e / (1 + e);
}

double window_loss(const LossSpec *spec, double z, double y, double *dz) {
  const double sign = 2 * y - 1, s = sign * z;
  const double nll = softplus(-s), miss = sigmoid(-s); /* -log p_t and 1 - p_t */
  double loss, ds;
  switch (spec->kind) {
    case LOSS_FOCAL: {
      const double alpha_t = y * (2 * spec->alpha - 1) + (1 - spec->alpha);
      const double modulation = spec->gamma == 0 ? 1 : host_exp(-spec->gamma * softplus(s));
      loss = alpha_t * modulation * nll;
      ds = alpha_t * modulation * (-spec->gamma * (1 - miss) * nll - miss);
      break;
    }
    case LOSS_WEIGHTED_BCE: {
      const double weight = y * (spec->positive_weight - 1) + 1;
      loss = weight * nll;
      ds = -weight * miss;
      break;
    }
    default:
      loss = nll;
      ds = -miss;
  }
  *dz = sign * ds;
  return loss;
}
