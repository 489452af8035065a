/*
 * Shared declarations of the fused engine (see engine.c): one conv layer's geometry and buffers,
 * and the kernels the engine strings together.
 */
#ifndef QF_ENGINE_H
#define QF_ENGINE_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))

/* Channels per full register block (two f32x4). */
#define NB 8
/* Every layer's channels are padded to a multiple of this, not of NB: a last block of 4 runs one f32x4
 * wide, so a 4-filter layer and the layer after it cost half what padding them to NB would. */
#define CHANNEL_PAD 4
/* Float32 products summed in registers before they are added into a float64 accumulator. */
#define CHUNK 64

/*
 * One Conv1D layer ('same' padding, ReLU), channels last. Its input is stored padded: `rows_in`
 * rows per window, the first `pad_left` and the last ones zero, so every output position reads one
 * contiguous patch of `kdim` = k x cin_pad floats starting at row t x s. Weights are [kdim][cout_pad]
 * (tfjs' [k][cin][cout] with zero rows/columns for the padded channels).
 */
typedef struct {
  int k, s;
  int len_out;
  int cin, cin_pad, cout, cout_pad;
  int pad_left, rows_in, kdim;
  float *w, *b;      /* parameters */
  double *gw, *gb;   /* their gradient accumulators */
  float *wt;         /* w transposed, [cout_pad][kdim], for the input gradient */
  float *in, *gin;   /* padded inputs [slot][rows_in][cin_pad] and their gradient (training, layer > 0) */
  float *out, *gout; /* where the outputs go: the next layer's in/gin, or the head's buffers */
  int out_stride;    /* floats per window in out/gout */
  int out_off;       /* floats before a window's first output row (the next layer's left padding) */
} Layer;

/* Forward of one window: out rows = ReLU(patches . w + b). */
void conv_forward(const Layer *L, const float *in, float *out);
/* dpre = gout masked by out > 0, in place, for n windows; bias gradient into L->gb. */
void relu_backward(const Layer *L, int n);
/* Filter gradient of n windows into L->gw (float32 chunks of CHUNK terms, float64 across them). */
void conv_filter_grad(const Layer *L, int n);
/* Input gradient of n windows into L->gin (needs L->wt). */
void conv_input_grad(const Layer *L, int n);

#endif
