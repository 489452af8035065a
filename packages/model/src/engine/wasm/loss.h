/* The binary losses of packages/model/src/losses.ts, per window, with their derivative. */
#ifndef QF_LOSS_H
#define QF_LOSS_H

/* Loss kinds; the numbering is shared with fused-engine.ts (LOSS_KIND). */
enum { LOSS_FOCAL = 0, LOSS_BCE = 1, LOSS_WEIGHTED_BCE = 2 };

typedef struct {
  int kind;
  double alpha, gamma;   /* focal */
  double positive_weight; /* weighted BCE */
} LossSpec;

/* 1 / (1 + e^-x) without overflow. */
double sigmoid(double x);
/* The loss of one window with logit z and label y (0/1); *dz gets its derivative by z. */
double window_loss(const LossSpec *spec, double z, double y, double *dz);

#endif
