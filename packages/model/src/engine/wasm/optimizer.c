/*
 * Adam, SGD with momentum, FedProx and gradient clipping, in the same float64 arithmetic and order
 * as optimizers.ts (whose JavaScript numbers are float64 and whose arrays are float32), so both
 * paths apply bit-identical updates to identical gradients. pow comes from the host (Math.pow).
 */
#include "engine.h"
#include "optimizer.h"

IMPORT("pow") double host_pow(double, double);

double proximal(float *g, const float *w, const float *anchor, int n, double mu) {
  double sum = 0;
  for (int i = 0; i < n; i++) {
    const float d = w[i] - anchor[i];
    sum += (double)d * d;
    g[i] += (float)(mu * d);
  }
  return mu / 2 * sum;
}

double clip_norm(float *g, int n, double max_norm) {
  double sum = 0;
  for (int i = 0; i < n; i++) sum += (double)g[i] * g[i];
  const double norm = __builtin_sqrt(sum);
  if (norm > max_norm) {
    const double scale = max_norm / norm;
    for (int i = 0; i < n; i++) g[i] = (float)(g[i] * scale);
  }
  return norm;
}

void optimizer_update(OptimizerSpec *spec, float *w, const float *g, float *m, float *v, int n) {
  const double lr = spec->learning_rate;
  if (spec->kind == OPT_SGD) {
    const double mu = spec->momentum;
    if (mu == 0) {
      for (int i = 0; i < n; i++) w[i] = (float)(w[i] - lr * g[i]);
      return;
    }
    for (int i = 0; i < n; i++) {
      m[i] = (float)(mu * m[i] + g[i]);
      w[i] = (float)(w[i] - lr * m[i]);
    }
    return;
  }
  spec->step++;
  const double b1 = spec->beta1, b2 = spec->beta2, eps = spec->epsilon;
  const double c1 = 1 - host_pow(b1, spec->step), c2 = 1 - host_pow(b2, spec->step);
  for (int i = 0; i < n; i++) {
    const double gi = g[i];
    const double mi = b1 * m[i] + (1 - b1) * gi;
    const double vi = b2 * v[i] + (1 - b2) * gi * gi;
    m[i] = (float)mi;
    v[i] = (float)vi;
    w[i] = (float)(w[i] - (lr * (mi / c1)) / (__builtin_sqrt(vi / c2) + eps));
  }
}
