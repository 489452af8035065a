/*
 * The Conv1D kernels of the fused engine, as implicit GEMMs over padded channels-last rows (see
 * Layer in engine.h): a patch is a contiguous run of kdim floats, patches of consecutive outputs
 * are s x cin_pad floats apart, so no im2col copy is made.
 *
 * Register blocks of 4 rows x 8 columns (eight f32x4 accumulators) reuse every loaded vector four
 * times and every splat twice; tails of fewer rows run one row at a time.
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

void conv_forward(const Layer *L, const float *in, float *out) {
  const int K = L->kdim, N = L->cout_pad, step = L->s * L->cin_pad, rows = L->len_out;
  for (int nb = 0; nb < N; nb += NB) {
    const float *w = L->w + nb;
    const v128_t b0 = wasm_v128_load(L->b + nb), b1 = wasm_v128_load(L->b + nb + 4);
    int t = 0;
    for (; t + 4 <= rows; t += 4) {
      const float *p = in + t * step;
      v128_t a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
      const float *wk = w;
      for (int kk = 0; kk < K; kk++, wk += N) {
        const v128_t w0 = wasm_v128_load(wk), w1 = wasm_v128_load(wk + 4);
        const v128_t x0 = wasm_v128_load32_splat(p + kk), x1 = wasm_v128_load32_splat(p + kk + step);
        const v128_t x2 = wasm_v128_load32_splat(p + kk + 2 * step), x3 = wasm_v128_load32_splat(p + kk + 3 * step);
        MAC(a00, x0, w0); MAC(a01, x0, w1); MAC(a10, x1, w0); MAC(a11, x1, w1);
        MAC(a20, x2, w0); MAC(a21, x2, w1); MAC(a30, x3, w0); MAC(a31, x3, w1);
      }
      float *o = out + t * N + nb;
      wasm_v128_store(o, relu(a00)); wasm_v128_store(o + 4, relu(a01)); o += N;
      wasm_v128_store(o, relu(a10)); wasm_v128_store(o + 4, relu(a11)); o += N;
      wasm_v128_store(o, relu(a20)); wasm_v128_store(o + 4, relu(a21)); o += N;
      wasm_v128_store(o, relu(a30)); wasm_v128_store(o + 4, relu(a31));
    }
    for (; t < rows; t++) {
      const float *p = in + t * step;
      v128_t a0 = b0, a1 = b1;
      const float *wk = w;
      for (int kk = 0; kk < K; kk++, wk += N) {
        const v128_t x = wasm_v128_load32_splat(p + kk);
        MAC(a0, x, wasm_v128_load(wk)); MAC(a1, x, wasm_v128_load(wk + 4));
      }
      wasm_v128_store(out + t * N + nb, relu(a0));
      wasm_v128_store(out + t * N + nb + 4, relu(a1));
    }
  }
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
 * KROWS (4, or 1 for the tail of layer 0's kdim) filter rows from kk x 8 output channels, summed over
 * every position of n windows: float32 register sums over chunks of at most CHUNK positions (whole
 * windows while they fit, so short layers run long loops, else slices of one window), each added
 * into the float64 accumulators. Inlined per KROWS, so the loops over it unroll away.
 */
static inline __attribute__((always_inline)) void filter_grad_block(const Layer *L, int n, int kk, int nb,
                                                                    const int KROWS) {
  const int N = L->cout_pad, step = L->s * L->cin_pad, rows = L->len_out, in_ws = L->rows_in * L->cin_pad;
  const int windows = rows < CHUNK ? CHUNK / rows : 1, slice = rows < CHUNK ? rows : CHUNK;
  double *acc = L->gw + kk * N + nb;
  for (int w0 = 0; w0 < n; w0 += windows) {
    const int w1 = w0 + windows < n ? w0 + windows : n;
    for (int t0 = 0; t0 < rows; t0 += slice) {
      const int m = rows - t0 < slice ? rows - t0 : slice;
      v128_t s[4][2] = {{ZERO, ZERO}, {ZERO, ZERO}, {ZERO, ZERO}, {ZERO, ZERO}};
      for (int w = w0; w < w1; w++) {
        const float *p = L->in + w * in_ws + t0 * step + kk;
        const float *d = L->gout + w * L->out_stride + L->out_off + t0 * N + nb;
        for (int i = 0; i < m; i++, p += step, d += N) {
          const v128_t d0 = wasm_v128_load(d), d1 = wasm_v128_load(d + 4);
          for (int r = 0; r < KROWS; r++) {
            const v128_t x = wasm_v128_load32_splat(p + r);
            MAC(s[r][0], x, d0); MAC(s[r][1], x, d1);
          }
        }
      }
      for (int r = 0; r < KROWS; r++) add_f64(acc + r * N, s[r][0]), add_f64(acc + r * N + 4, s[r][1]);
    }
  }
}

void conv_filter_grad(const Layer *L, int n) {
  for (int nb = 0; nb < L->cout_pad; nb += NB) {
    int kk = 0;
    for (; kk + 4 <= L->kdim; kk += 4) filter_grad_block(L, n, kk, nb, 4);
    for (; kk < L->kdim; kk++) filter_grad_block(L, n, kk, nb, 1);
  }
}

/*
 * dpatch[t] = dpre[t] . w^T for 4 rows x 8 patch columns at a time, added into the input gradient
 * row by row (patches overlap when k > s, so each row's sum is read, added and written in turn).
 * kdim is a multiple of 8 here: layers after the first have padded input channels.
 */
void conv_input_grad(const Layer *L, int n) {
  const int K = L->kdim, N = L->cout_pad, step = L->s * L->cin_pad, rows = L->len_out;
  const int in_ws = L->rows_in * L->cin_pad;
  __builtin_memset(L->gin, 0, (unsigned long)n * in_ws * sizeof(float));
  for (int w = 0; w < n; w++) {
    const float *d = L->gout + w * L->out_stride + L->out_off;
    float *g = L->gin + w * in_ws;
    int t = 0;
    for (; t + 4 <= rows; t += 4) {
      const float *d0p = d + t * N;
      for (int kb = 0; kb < K; kb += NB) {
        v128_t a00 = ZERO, a01 = ZERO, a10 = ZERO, a11 = ZERO, a20 = ZERO, a21 = ZERO, a30 = ZERO, a31 = ZERO;
        const float *wt = L->wt + kb;
        for (int co = 0; co < N; co++, wt += K) {
          const v128_t w0 = wasm_v128_load(wt), w1 = wasm_v128_load(wt + 4);
          const v128_t x0 = wasm_v128_load32_splat(d0p + co), x1 = wasm_v128_load32_splat(d0p + N + co);
          const v128_t x2 = wasm_v128_load32_splat(d0p + 2 * N + co);
          const v128_t x3 = wasm_v128_load32_splat(d0p + 3 * N + co);
          MAC(a00, x0, w0); MAC(a01, x0, w1); MAC(a10, x1, w0); MAC(a11, x1, w1);
          MAC(a20, x2, w0); MAC(a21, x2, w1); MAC(a30, x3, w0); MAC(a31, x3, w1);
        }
        float *o = g + t * step + kb;
        wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), a00));
        wasm_v128_store(o + 4, wasm_f32x4_add(wasm_v128_load(o + 4), a01));
        o += step;
        wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), a10));
        wasm_v128_store(o + 4, wasm_f32x4_add(wasm_v128_load(o + 4), a11));
        o += step;
        wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), a20));
        wasm_v128_store(o + 4, wasm_f32x4_add(wasm_v128_load(o + 4), a21));
        o += step;
        wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), a30));
        wasm_v128_store(o + 4, wasm_f32x4_add(wasm_v128_load(o + 4), a31));
      }
    }
    for (; t < rows; t++) {
      const float *dp = d + t * N;
      for (int kb = 0; kb < K; kb += NB) {
        v128_t a0 = ZERO, a1 = ZERO;
        const float *wt = L->wt + kb;
        for (int co = 0; co < N; co++, wt += K) {
          const v128_t x = wasm_v128_load32_splat(dp + co);
          MAC(a0, x, wasm_v128_load(wt)); MAC(a1, x, wasm_v128_load(wt + 4));
        }
        float *o = g + t * step + kb;
        wasm_v128_store(o, wasm_f32x4_add(wasm_v128_load(o), a0));
        wasm_v128_store(o + 4, wasm_f32x4_add(wasm_v128_load(o + 4), a1));
      }
    }
  }
}
