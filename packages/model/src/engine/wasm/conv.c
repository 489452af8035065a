/*
 * The Conv1D kernels of the fused engine, as implicit GEMMs over padded channels-last rows (see
 * Layer in engine.h): a patch is a contiguous run of kdim floats, patches of consecutive outputs
 * are s x cin_pad floats apart, so no im2col copy is made.
 *
 * Register blocks of 4 rows x 8 columns (eight f32x4 accumulators) reuse every loaded vector four
 * times and every splat twice; a last block of 4 columns runs 8 rows at a time, and the last rows of
 * a window run as one smaller block.
 */
#include "engine.h"

#define MAC(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
#define ZERO wasm_f32x4_const_splat(0)

/* pmax(v, 0) = v < 0 ? 0 : v: one maxps, and NaN stays NaN as in tfjs' Relu (a bad window shows). */
static inline v128_t relu(v128_t v) { return wasm_f32x4_pmax(v, ZERO); }

/* dst[0..4) += the four lanes of v, in float64. */
static inline void add_f64(double *dst, v128_t v) {
  v128_t lo = wasm_f64x2_promote_low_f32x4(v);
  v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3));
  wasm_v128_store(dst, wasm_f64x2_add(wasm_v128_load(dst), lo));
  wasm_v128_store(dst + 2, wasm_f64x2_add(wasm_v128_load(dst + 2), hi));
}

/*
 * R output rows x V f32x4 columns (V = 2: 8 channels, V = 1: 4) of the forward from row t and
 * channel nb: R x V accumulators in registers, every loaded weight vector used R times and every
 * splat V times. Inlined per (R, V), so the loops over them unroll away.
 */
static inline __attribute__((always_inline)) void forward_block(const Layer *L, const float *in, float *out, int t,
                                                                 int nb, const int R, const int V) {
  const int K = L->kdim, N = L->cout_pad, step = L->s * L->cin_pad;
  const float *p = in + t * step;
  v128_t acc[8][2]; /* R ≤ 8, V ≤ 2: fixed sizes, so the arrays become registers */
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) acc[r][v] = wasm_v128_load(L->b + nb + 4 * v);
  const float *wk = L->w + nb;
  for (int kk = 0; kk < K; kk++, wk += N) {
    v128_t w[2];
    for (int v = 0; v < V; v++) w[v] = wasm_v128_load(wk + 4 * v);
    for (int r = 0; r < R; r++) {
      const v128_t x = wasm_v128_load32_splat(p + kk + r * step);
      for (int v = 0; v < V; v++) MAC(acc[r][v], x, w[v]);
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) wasm_v128_store(out + (t + r) * N + nb + 4 * v, relu(acc[r][v]));
}

/*
 * Channel blocks of 8 run 4 rows at a time; a last block of 4 channels (a layer of 4 mod 8
 * channels) runs 8 rows at a time, so both keep eight accumulators busy. The last rows of a window
 * (fewer than a full block) run as one smaller block rather than one row at a time: a short deep
 * layer (3 or 6 rows) would otherwise spend much of its work in single-row loops, which wait on one
 * addition chain per accumulator.
 */
void conv_forward(const Layer *L, const float *in, float *out) {
  const int N = L->cout_pad, rows = L->len_out;
  int nb = 0;
  for (; nb + NB <= N; nb += NB) {
    int t = 0;
    for (; t + 4 <= rows; t += 4) forward_block(L, in, out, t, nb, 4, 2);
    switch (rows - t) {
      case 3: forward_block(L, in, out, t, nb, 3, 2); break;
      case 2: forward_block(L, in, out, t, nb, 2, 2); break;
      case 1: forward_block(L, in, out, t, nb, 1, 2); break;
    }
  }
  if (nb == N) return;
  int t = 0;
  for (; t + 8 <= rows; t += 8) forward_block(L, in, out, t, nb, 8, 1);
  for (; t + 2 <= rows; t += 2) forward_block(L, in, out, t, nb, 2, 1);
  if (t < rows) forward_block(L, in, out, t, nb, 1, 1);
}

void relu_backward(const Layer *L, int n) {
  const int N = L->cout_pad, rows = L->len_out;
  /* Bias partial sums of up to CHUNK rows, in float32; N/4 vectors stay in this small buffer. */
  v128_t part[N / 4];
  for (int c = 0; c < N / 4; c++) part[c] = ZERO;
  int count = 0;
  for (int w = 0; w < n; w++) {
    const float *a = L->out + w * L->out_stride + L->out_off;
    float *g = L->gout + w * L->out_stride + L->out_off;
    for (int t = 0; t < rows; t++, a += N, g += N) {
      for (int c = 0; c < N / 4; c++) {
        const v128_t d = wasm_v128_and(wasm_v128_load(g + 4 * c), wasm_f32x4_gt(wasm_v128_load(a + 4 * c), ZERO));
        wasm_v128_store(g + 4 * c, d);
        part[c] = wasm_f32x4_add(part[c], d);
      }
      if (++count == CHUNK) {
        for (int c = 0; c < N / 4; c++) add_f64(L->gb + 4 * c, part[c]), part[c] = ZERO;
        count = 0;
      }
    }
  }
  for (int c = 0; c < N / 4; c++) add_f64(L->gb + 4 * c, part[c]);
}

/*
 * KROWS (4, or 1 for the tail of layer 0's kdim) filter rows from kk x V f32x4 output channels from
 * nb (V = 2: 8 channels; V = 1: a last block of 4), summed over every position of n windows: float32
 * register sums over chunks of at most CHUNK positions (whole windows while they fit, so short layers
 * run long loops, else slices of one window), each added into the float64 accumulators. Inlined per
 * (KROWS, V), so the loops over them unroll away.
 */
static inline __attribute__((always_inline)) void filter_grad_block(const Layer *L, int n, int kk, int nb,
                                                                    const int KROWS, const int V) {
  const int N = L->cout_pad, step = L->s * L->cin_pad, rows = L->len_out, in_ws = L->rows_in * L->cin_pad;
  const int windows = rows < CHUNK ? CHUNK / rows : 1, slice = rows < CHUNK ? rows : CHUNK;
  double *acc = L->gw + kk * N + nb;
  for (int w0 = 0; w0 < n; w0 += windows) {
    const int w1 = w0 + windows < n ? w0 + windows : n;
    for (int t0 = 0; t0 < rows; t0 += slice) {
      const int m = rows - t0 < slice ? rows - t0 : slice;
      v128_t s[4][2];
      for (int r = 0; r < KROWS; r++)
        for (int v = 0; v < V; v++) s[r][v] = ZERO;
      for (int w = w0; w < w1; w++) {
        const float *p = L->in + w * in_ws + t0 * step + kk;
        const float *d = L->gout + w * L->out_stride + L->out_off + t0 * N + nb;
        for (int i = 0; i < m; i++, p += step, d += N) {
          v128_t dv[2];
          for (int v = 0; v < V; v++) dv[v] = wasm_v128_load(d + 4 * v);
          for (int r = 0; r < KROWS; r++) {
            const v128_t x = wasm_v128_load32_splat(p + r);
            for (int v = 0; v < V; v++) MAC(s[r][v], x, dv[v]);
          }
        }
      }
      for (int r = 0; r < KROWS; r++)
        for (int v = 0; v < V; v++) add_f64(acc + r * N + 4 * v, s[r][v]);
    }
  }
}

/* The filter rows from kk on (4 at a time, then one by one) for the output channels from nb, V wide. */
static inline __attribute__((always_inline)) void filter_grad_columns(const Layer *L, int n, int nb, const int V) {
  int kk = 0;
  for (; kk + 4 <= L->kdim; kk += 4) filter_grad_block(L, n, kk, nb, 4, V);
  for (; kk < L->kdim; kk++) filter_grad_block(L, n, kk, nb, 1, V);
}

void conv_filter_grad(const Layer *L, int n) {
  int nb = 0;
  for (; nb + NB <= L->cout_pad; nb += NB) filter_grad_columns(L, n, nb, 2);
  if (nb < L->cout_pad) filter_grad_columns(L, n, nb, 1);
}

/*
 * dpatch[t] = dpre[t] . w^T for R rows from t x V f32x4 patch columns from kb, added into the input
 * gradient row by row (patches overlap when k > s, so each row's sum is read, added and written in
 * turn). Inlined per (R, V).
 */
static inline __attribute__((always_inline)) void input_grad_block(const Layer *L, const float *d, float *g, int t,
                                                                   int kb, const int R, const int V) {
  const int K = L->kdim, N = L->cout_pad, step = L->s * L->cin_pad;
  const float *dp = d + t * N;
  v128_t a[4][2];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) a[r][v] = ZERO;
  const float *wt = L->wt + kb;
  for (int co = 0; co < N; co++, wt += K) {
    v128_t w[2];
    for (int v = 0; v < V; v++) w[v] = wasm_v128_load(wt + 4 * v);
    for (int r = 0; r < R; r++) {
      const v128_t x = wasm_v128_load32_splat(dp + r * N + co);
      for (int v = 0; v < V; v++) MAC(a[r][v], x, w[v]);
    }
  }
  float *o = g + t * step + kb;
  for (int r = 0; r < R; r++, o += step)
    for (int v = 0; v < V; v++) wasm_v128_store(o + 4 * v, wasm_f32x4_add(wasm_v128_load(o + 4 * v), a[r][v]));
}

/* Rows of one window from t on in blocks of R, for every patch column block (8 wide, then a last 4). */
static inline __attribute__((always_inline)) void input_grad_rows(const Layer *L, const float *d, float *g, int t,
                                                                  const int R) {
  int kb = 0;
  for (; kb + NB <= L->kdim; kb += NB) input_grad_block(L, d, g, t, kb, R, 2);
  if (kb < L->kdim) input_grad_block(L, d, g, t, kb, R, 1);
}

/* Input gradient of n windows. kdim is a multiple of 4 here: layers after the first have padded input channels. */
void conv_input_grad(const Layer *L, int n) {
  const int rows = L->len_out, in_ws = L->rows_in * L->cin_pad;
  __builtin_memset(L->gin, 0, (unsigned long)n * in_ws * sizeof(float));
  for (int w = 0; w < n; w++) {
    const float *d = L->gout + w * L->out_stride + L->out_off;
    float *g = L->gin + w * in_ws;
    int t = 0;
    for (; t + 4 <= rows; t += 4) input_grad_rows(L, d, g, t, 4);
    for (; t < rows; t++) input_grad_rows(L, d, g, t, 1);
  }
}
