/* The update rules of packages/model/src/optimizers.ts over the engine's flat parameter array. */
#ifndef QF_OPTIMIZER_H
#define QF_OPTIMIZER_H

/* Optimiser kinds; the numbering is shared with fused-engine.ts (OPTIMIZER_KIND). */
enum { OPT_ADAM = 0, OPT_SGD = 1 };

typedef struct {
  int kind;
  double learning_rate;
  double beta1, beta2, epsilon; /* Adam */
  double momentum;              /* SGD */
  int step;                     /* Adam steps taken */
} OptimizerSpec;

/* FedProx: g += mu (w - anchor); returns mu/2 |w - anchor|^2. */
double proximal(float *g, const float *w, const float *anchor, int n, double mu);
/* Scales g to a global L2 norm of at most max_norm; returns the norm before. */
double clip_norm(float *g, int n, double max_norm);
/* One update of w from g; m and v are the optimiser's state (v unused by SGD). */
void optimizer_update(OptimizerSpec *spec, float *w, const float *g, float *m, float *v, int n);

#endif
