/*
 * The fused engine: forward and backward of the reference classifier family (Conv1D stack, kernel
 * k, stride s, 'same' padding, ReLU; global average pooling; one dense logit), its loss and the
 * optimiser update, one call per training step or per inference batch. Built into engine.wasm by
 * ../../../scripts/build-kernels.sh (packages/model/scripts); fused-engine.ts drives it.
 *
 * Memory is laid out by qf_configure from __heap_base (a bump allocation redone on every configure;
 * growing the memory detaches the host's views, so the host takes them again afterwards).
 * Parameters are kept in an internal layout with every layer's outputs padded to a multiple of 4
 * channels (zero weights and biases, whose gradients stay exactly zero); qf_load_* / qf_store_*
 * translate from and to tfjs' weight order through the staging buffer.
 */
#include "engine.h"
#include "loss.h"
#include "optimizer.h"

extern unsigned char __heap_base;

static struct {
  int depth, channels;
  /* Input average pooling: windows of `window_len` frames arrive in `raw` and layer 0 reads their
   * means over `pool` frames (pool 1: windows go straight into layer 0's input). */
  int pool, window_len;
  float *raw;
  int params_len, tfjs_len;
  Layer *layers;
  float *params, *grads, *m, *v, *anchor, *staging;
  float *other; /* another engine's gradient, to combine with ours */
  double *gacc;
  int head_len, head_c; /* last layer's rows and (padded) channels */
  float *wd, *bd;       /* the logit's kernel [head_c] and bias */
  double *gwd, *gbd;
  float *head, *ghead;  /* last layer's outputs [slot][head_len][head_c] and their gradient */
  float *pooled;        /* [window][head_c] */
  float *logits, *scores, *labels;
  LossSpec loss;
  OptimizerSpec opt;
  double prox_mu, clip;
} E;

static unsigned heap_top;

/* Sizes in 64 bits, so that a config too large for the 4 GB address space fails instead of wrapping. */
static void *alloc(unsigned long long bytes) {
  const unsigned long long at = (heap_top + 15ull) & ~15ull, end = at + bytes;
  if (end > 0xffff0000ull) return 0;
  const unsigned long pages = (unsigned long)((end + 65535) / 65536), have = __builtin_wasm_memory_size(0);
  if (pages > have && __builtin_wasm_memory_grow(0, pages - have) == (unsigned long)-1) return 0;
  __builtin_memset((void *)(unsigned long)at, 0, (unsigned long)bytes);
  heap_top = (unsigned)end;
  return (void *)(unsigned long)at;
}

#define ALLOC(type, count) ((type *)alloc((unsigned long long)(count) * sizeof(type)))

/* Channels rounded up to a multiple of `block`. */
static int pad_to(int c, int block) { return (c + block - 1) / block * block; }

/* Scratch the host writes qf_configure's filter list into (the start of the heap, read first). */
EXPORT("qf_scratch") int *qf_scratch(void) { return (int *)&__heap_base; }

/*
 * Lays out an engine for windows of window_len x channels, averaged over `pool` frames ('valid': a
 * last partial group is dropped), through depth conv layers with the filters at `filters` (kernel k,
 * stride s), for batches of up to max_batch windows; `training` adds what backward and the optimiser
 * need. Returns 0, or -1 when memory cannot grow.
 */
EXPORT("qf_configure")
int qf_configure(int window_len, int channels, int pool, int depth, const int *filters, int k, int s, int max_batch,
                 int training) {
  int f[depth];
  for (int l = 0; l < depth; l++) f[l] = filters[l];
  heap_top = (unsigned)(unsigned long)&__heap_base;
  E.depth = depth, E.channels = channels, E.pool = pool, E.window_len = window_len;
  if (!(E.layers = ALLOC(Layer, depth))) return -1;
  int len = window_len / pool, cin = channels, cin_pad = channels, params = 0, tfjs = 0;
  for (int l = 0; l < depth; l++) {
    Layer *L = &E.layers[l];
    L->k = k, L->s = s, L->cin = cin, L->cin_pad = cin_pad;
    L->len_out = (len + s - 1) / s;
    const int needed = (L->len_out - 1) * s + k, total = needed > len ? needed - len : 0;
    L->pad_left = total / 2, L->rows_in = len + total;
    L->cout = f[l], L->cout_pad = pad_to(f[l], CHANNEL_PAD);
    L->kdim = k * cin_pad;
    params += L->kdim * L->cout_pad + L->cout_pad;
    tfjs += k * cin * L->cout + L->cout;
    len = L->len_out, cin = L->cout, cin_pad = L->cout_pad;
  }
  E.head_len = len, E.head_c = cin_pad;
  E.params_len = params + cin_pad + 1;
  E.tfjs_len = tfjs + cin + 1;
  /* Training keeps every window's intermediates for backward; scoring reuses one window's. */
  const int n = max_batch, slots = training ? max_batch : 1, head = len * cin_pad;
  if (pool > 1 && !(E.raw = ALLOC(float, (long long)n * window_len * channels))) return -1;
  if (!(E.params = ALLOC(float, E.params_len)) || !(E.staging = ALLOC(float, E.tfjs_len))) return -1;
  if (!(E.head = ALLOC(float, (long long)slots * head)) || !(E.pooled = ALLOC(float, n * cin_pad))) return -1;
  if (!(E.logits = ALLOC(float, n)) || !(E.scores = ALLOC(float, n)) || !(E.labels = ALLOC(float, n))) return -1;
  if (training) {
    if (!(E.grads = ALLOC(float, E.params_len)) || !(E.gacc = ALLOC(double, E.params_len))) return -1;
    if (!(E.m = ALLOC(float, E.params_len)) || !(E.v = ALLOC(float, E.params_len))) return -1;
    if (!(E.anchor = ALLOC(float, E.params_len)) || !(E.ghead = ALLOC(float, (long long)n * head))) return -1;
    if (!(E.other = ALLOC(float, E.params_len))) return -1;
  }
  int offset = 0;
  for (int l = 0; l < depth; l++) {
    Layer *L = &E.layers[l];
    const int window = L->rows_in * L->cin_pad;
    L->w = E.params + offset, L->b = L->w + L->kdim * L->cout_pad;
    if (!(L->in = ALLOC(float, (long long)(l == 0 ? n : slots) * window))) return -1;
    if (training) {
      L->gw = E.gacc + offset, L->gb = L->gw + L->kdim * L->cout_pad;
      if (l > 0 && (!(L->gin = ALLOC(float, (long long)n * window)) || !(L->wt = ALLOC(float, L->kdim * L->cout_pad)))) return -1;
    }
    offset += L->kdim * L->cout_pad + L->cout_pad;
  }
  E.wd = E.params + offset, E.bd = E.wd + E.head_c;
  if (training) E.gwd = E.gacc + offset, E.gbd = E.gwd + E.head_c;
  for (int l = 0; l < depth; l++) {
    Layer *L = &E.layers[l];
    if (l + 1 < depth) {
      const Layer *next = &E.layers[l + 1];
      L->out = next->in, L->gout = next->gin;
      L->out_stride = next->rows_in * next->cin_pad, L->out_off = next->pad_left * next->cin_pad;
    } else {
      L->out = E.head, L->gout = E.ghead, L->out_stride = head, L->out_off = 0;
    }
  }
  return 0;
}

static inline void copy_value(float *internal, float *tfjs, int to_tfjs) {
  if (to_tfjs) *tfjs = *internal; else *internal = *tfjs;
}

/* Copies between the internal layout and tfjs' (weights in model order, kernels [k][cin][cout]). */
static void transfer(float *internal, float *tfjs, int to_tfjs) {
  for (int l = 0; l < E.depth; l++) {
    const Layer *L = &E.layers[l];
    float *w = internal + (L->w - E.params), *b = internal + (L->b - E.params);
    for (int j = 0; j < L->k; j++)
      for (int ci = 0; ci < L->cin; ci++)
        for (int co = 0; co < L->cout; co++) copy_value(w + (j * L->cin_pad + ci) * L->cout_pad + co, tfjs++, to_tfjs);
    for (int co = 0; co < L->cout; co++) copy_value(b + co, tfjs++, to_tfjs);
  }
  float *wd = internal + (E.wd - E.params);
  for (int c = 0; c < E.layers[E.depth - 1].cout; c++) copy_value(wd + c, tfjs++, to_tfjs);
  copy_value(internal + (E.bd - E.params), tfjs, to_tfjs);
}

EXPORT("qf_staging") float *qf_staging(void) { return E.staging; }
/* The parameters and gradient in the internal layout, the same for every engine configured alike. */
EXPORT("qf_params") float *qf_params(void) { return E.params; }
EXPORT("qf_grads") float *qf_grads(void) { return E.grads; }
EXPORT("qf_params_length") int qf_params_length(void) { return E.params_len; }
EXPORT("qf_staging_length") int qf_staging_length(void) { return E.tfjs_len; }
EXPORT("qf_load_params") void qf_load_params(void) { transfer(E.params, E.staging, 0); }
EXPORT("qf_store_params") void qf_store_params(void) { transfer(E.params, E.staging, 1); }
EXPORT("qf_load_anchor") void qf_load_anchor(void) { transfer(E.anchor, E.staging, 0); }
EXPORT("qf_store_grads") void qf_store_grads(void) { transfer(E.grads, E.staging, 1); }

/* Window j of a batch goes at qf_input() + j * qf_input_stride() + qf_input_offset() (floats). */
EXPORT("qf_input") float *qf_input(void) { return E.pool > 1 ? E.raw : E.layers[0].in; }
EXPORT("qf_input_stride") int qf_input_stride(void) {
  return E.pool > 1 ? E.window_len * E.channels : E.layers[0].rows_in * E.channels;
}
EXPORT("qf_input_offset") int qf_input_offset(void) { return E.pool > 1 ? 0 : E.layers[0].pad_left * E.channels; }

EXPORT("qf_labels") float *qf_labels(void) { return E.labels; }
EXPORT("qf_logits") float *qf_logits(void) { return E.logits; }
EXPORT("qf_scores") float *qf_scores(void) { return E.scores; }

EXPORT("qf_set_loss") void qf_set_loss(int kind, double alpha, double gamma, double positive_weight) {
  E.loss = (LossSpec){kind, alpha, gamma, positive_weight};
}

/* Starts a training run: a fresh optimiser state (as trainLocal makes a new optimiser per call). */
EXPORT("qf_set_optimizer")
void qf_set_optimizer(int kind, double learning_rate, double beta1, double beta2, double epsilon, double momentum,
                      double prox_mu, double clip) {
  E.opt = (OptimizerSpec){kind, learning_rate, beta1, beta2, epsilon, momentum, 0};
  E.prox_mu = prox_mu, E.clip = clip;
  __builtin_memset(E.m, 0, E.params_len * sizeof(float));
  __builtin_memset(E.v, 0, E.params_len * sizeof(float));
}

/*
 * Layer 0's input of the n loaded windows: each channel's mean over `pool` frames, summed in order
 * and divided as tfjs' average pooling does. Nothing to do without pooling.
 */
static void pool_inputs(int n) {
  if (E.pool == 1) return;
  const Layer *L = &E.layers[0];
  const int C = E.channels, P = E.pool, len = E.window_len / P;
  for (int w = 0; w < n; w++) {
    const float *x = E.raw + (long)w * E.window_len * C;
    float *o = L->in + (long)w * L->rows_in * C + L->pad_left * C;
    if (P == 2 && C == 3) {
      /* Two frames of three channels per output frame: one vector of each, the fourth lane spilling
       * into the next output frame, which the next store overwrites (the last frame goes scalar). */
      const v128_t half = wasm_f32x4_splat(0.5f);
      int t = 0;
      for (; t + 1 < len; t++, x += 6, o += 3)
        wasm_v128_store(o, wasm_f32x4_mul(wasm_f32x4_add(wasm_v128_load(x), wasm_v128_load(x + 3)), half));
      for (; t < len; t++, x += 6, o += 3)
        for (int c = 0; c < 3; c++) o[c] = (x[c] + x[3 + c]) * 0.5f;
      continue;
    }
    for (int t = 0; t < len; t++, x += P * C, o += C)
      for (int c = 0; c < C; c++) {
        float sum = 0;
        for (int j = 0; j < P; j++) sum += x[j * C + c];
        o[c] = sum / (float)P;
      }
  }
}
/* Window w through every layer (intermediates in `slot`), then its pooled features and logit. */
static void forward_window(int w, int slot) {
  for (int l = 0; l < E.depth; l++) {
    const Layer *L = &E.layers[l];
    const float *in = L->in + (l == 0 ? w : slot) * L->rows_in * L->cin_pad;
    conv_forward(L, in, L->out + slot * L->out_stride + L->out_off);
  }
  const int C = E.head_c, len = E.head_len;
  const float *a = E.head + slot * len * C;
  float *pooled = E.pooled + w * C;
  /* Four channels' sums per vector (C is a multiple of 4), each summed over t in order as a scalar
   * loop would: independent chains instead of one long one per channel. */
  for (int c = 0; c < C; c += 4) {
    v128_t sum = wasm_f32x4_const_splat(0);
    for (int t = 0; t < len; t++) sum = wasm_f32x4_add(sum, wasm_v128_load(a + t * C + c));
    wasm_v128_store(pooled + c, wasm_f32x4_div(sum, wasm_f32x4_splat((float)len)));
  }
  float z = E.bd[0];
  for (int c = 0; c < C; c++) z += pooled[c] * E.wd[c];
  E.logits[w] = z;
}

/* Logits and scores of the n windows at qf_input(). */
EXPORT("qf_predict") void qf_predict(int n) {
  pool_inputs(n);
  for (int w = 0; w < n; w++) {
    forward_window(w, 0);
    E.scores[w] = (float)sigmoid(E.logits[w]);
  }
}

/* qf_predict, and the mean loss against qf_labels(). */
EXPORT("qf_evaluate") double qf_evaluate(int n) {
  qf_predict(n);
  double sum = 0, dz;
  for (int w = 0; w < n; w++) sum += window_loss(&E.loss, E.logits[w], E.labels[w], &dz);
  return sum / n;
}

/* Forward and backward of n windows: the mean loss, and its gradient in E.grads. */
EXPORT("qf_gradients") double qf_gradients(int n) {
  pool_inputs(n);
  for (int w = 0; w < n; w++) forward_window(w, w);
  __builtin_memset(E.gacc, 0, E.params_len * sizeof(double));
  const int C = E.head_c, len = E.head_len;
  double sum = 0;
  for (int w = 0; w < n; w++) {
    double dz;
    sum += window_loss(&E.loss, E.logits[w], E.labels[w], &dz);
    dz /= n;
    E.gbd[0] += dz;
    float *g = E.ghead + w * len * C;
    for (int c = 0; c < C; c++) {
      E.gwd[c] += dz * E.pooled[w * C + c];
      const float d = (float)(dz * E.wd[c] / len);
      for (int t = 0; t < len; t++) g[t * C + c] = d;
    }
  }
  for (int l = E.depth - 1; l >= 0; l--) {
    const Layer *L = &E.layers[l];
    relu_backward(L, n);
    conv_filter_grad(L, n);
    if (l == 0) continue;
    for (int kk = 0; kk < L->kdim; kk++)
      for (int co = 0; co < L->cout_pad; co++) L->wt[co * L->kdim + kk] = L->w[kk * L->cout_pad + co];
    conv_input_grad(L, n);
  }
  for (int i = 0; i < E.params_len; i++) E.grads[i] = (float)E.gacc[i];
  return sum / n;
}

/*
 * Combining the gradients of several engines that each took a share of one batch (multi-threaded
 * training): the weighted mean of their per-share means, summed in float64 (gacc is free between
 * qf_gradients calls). qf_mix_start(w) takes ours with weight w, each qf_mix_add(w) the gradient the
 * host put at qf_other_grads(), and qf_mix_finish(total) leaves the sum / total in the gradient.
 */
EXPORT("qf_other_grads") float *qf_other_grads(void) { return E.other; }
EXPORT("qf_mix_start") void qf_mix_start(double weight) {
  for (int i = 0; i < E.params_len; i++) E.gacc[i] = E.grads[i] * weight;
}
EXPORT("qf_mix_add") void qf_mix_add(double weight) {
  for (int i = 0; i < E.params_len; i++) E.gacc[i] += E.other[i] * weight;
}
EXPORT("qf_mix_finish") void qf_mix_finish(double total) {
  for (int i = 0; i < E.params_len; i++) E.grads[i] = (float)(E.gacc[i] / total);
}

/*
 * The update after qf_gradients (whose gradient the host may have combined with other threads'):
 * FedProx, clipping, the optimiser step. Returns the FedProx term of the loss (0 without it).
 */
EXPORT("qf_update") double qf_update(void) {
  const double prox = E.prox_mu > 0 ? proximal(E.grads, E.params, E.anchor, E.params_len, E.prox_mu) : 0;
  if (E.clip > 0) clip_norm(E.grads, E.params_len, E.clip);
  optimizer_update(&E.opt, E.params, E.grads, E.m, E.v, E.params_len);
  return prox;
}

/* One training step on n windows (qf_input, qf_labels): gradient and update; returns the loss. */
EXPORT("qf_train_step") double qf_train_step(int n) {
  const double loss = qf_gradients(n);
  return loss + qf_update();
}
