/*
 * Convolution gradient kernels for the tfjs wasm backend (which lacks Conv2DBackpropFilter and has
 * only a scalar Conv2DBackpropInput). NHWC layouts, as tfjs-layers' conv1d/conv2d use; dilation 1.
 * Built into conv_grads.wasm by ../../../scripts/build-kernels.sh (clang --target=wasm32 -msimd128);
 * the .wasm is committed so nothing here needs a C toolchain at run time.
 *
 * Filter gradient: dW[fh,fw,ci,co] = sum_{b,oh,ow} x[b, oh*sh+fh-pt, ow*sw+fw-pl, ci] * dy[b,oh,ow,co].
 * The sum runs over batch x output positions (16k terms for a 1000-sample window), so partial sums
 * of at most BLOCK terms are formed in float32 SIMD registers and then added into a float64
 * accumulator: float32 speed, float64 drift behaviour.
 *
 * Input gradient: dx[b,ih,iw,ci] = sum_{fh,fw,co} dy[b,oh,ow,co] * W[fh,fw,ci,co]; these sums are
 * short (filterWidth x outChannels terms), so float32 is exact enough.
 */
#include <wasm_simd128.h>

#define BLOCK 64
#define EXPORT(name) __attribute__((export_name(name)))

static inline void add_lanes(double *dst, v128_t v) {
  dst[0] += wasm_f32x4_extract_lane(v, 0);
  dst[1] += wasm_f32x4_extract_lane(v, 1);
  dst[2] += wasm_f32x4_extract_lane(v, 2);
  dst[3] += wasm_f32x4_extract_lane(v, 3);
}

#define MAC(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))

/* 4 filter rows (consecutive ci) x 8 output channels over n positions. */
static void fg_r4_c8(const float *xp, int xstep, const float *dyp, int dystep, int n, double *a, int cout) {
  v128_t s00 = wasm_f32x4_const_splat(0), s01 = s00, s10 = s00, s11 = s00;
  v128_t s20 = s00, s21 = s00, s30 = s00, s31 = s00;
  for (int t = 0; t < n; t++) {
    v128_t d0 = wasm_v128_load(dyp), d1 = wasm_v128_load(dyp + 4);
    v128_t x0 = wasm_f32x4_splat(xp[0]), x1 = wasm_f32x4_splat(xp[1]);
    v128_t x2 = wasm_f32x4_splat(xp[2]), x3 = wasm_f32x4_splat(xp[3]);
    MAC(s00, x0, d0); MAC(s01, x0, d1); MAC(s10, x1, d0); MAC(s11, x1, d1);
    MAC(s20, x2, d0); MAC(s21, x2, d1); MAC(s30, x3, d0); MAC(s31, x3, d1);
    xp += xstep; dyp += dystep;
  }
  add_lanes(a, s00); add_lanes(a + 4, s01);
  add_lanes(a + cout, s10); add_lanes(a + cout + 4, s11);
  add_lanes(a + 2 * cout, s20); add_lanes(a + 2 * cout + 4, s21);
  add_lanes(a + 3 * cout, s30); add_lanes(a + 3 * cout + 4, s31);
}

/* 1 filter row x 4 output channels over n positions. */
static void fg_r1_c4(const float *xp, int xstep, const float *dyp, int dystep, int n, double *a) {
  v128_t s = wasm_f32x4_const_splat(0);
  for (int t = 0; t < n; t++) {
    MAC(s, wasm_f32x4_splat(xp[0]), wasm_v128_load(dyp));
    xp += xstep; dyp += dystep;
  }
  add_lanes(a, s);
}

/* 1 filter row x 1 output channel over n positions. */
static void fg_r1_c1(const float *xp, int xstep, const float *dyp, int dystep, int n, double *a) {
  float s = 0;
  for (int t = 0; t < n; t++) {
    s += xp[0] * dyp[0];
    xp += xstep; dyp += dystep;
  }
  a[0] += s;
}

/* One filter row (all ci) x all output channels, positions [0, n) already offset by the caller. */
static void fg_rows(const float *xp, int xstep, const float *dyp, int dystep, int n, double *a, int nrows, int cout) {
  int ci = 0;
  for (; ci + 4 <= nrows; ci += 4) {
    int co = 0;
    for (; co + 8 <= cout; co += 8) fg_r4_c8(xp + ci, xstep, dyp + co, dystep, n, a + ci * cout + co, cout);
    for (int r = ci; r < ci + 4; r++) {
      int c = co;
      for (; c + 4 <= cout; c += 4) fg_r1_c4(xp + r, xstep, dyp + c, dystep, n, a + r * cout + c);
      for (; c < cout; c++) fg_r1_c1(xp + r, xstep, dyp + c, dystep, n, a + r * cout + c);
    }
  }
  for (; ci < nrows; ci++) {
    int c = 0;
    for (; c + 4 <= cout; c += 4) fg_r1_c4(xp + ci, xstep, dyp + c, dystep, n, a + ci * cout + c);
    for (; c < cout; c++) fg_r1_c1(xp + ci, xstep, dyp + c, dystep, n, a + ci * cout + c);
  }
}

/* First output position whose input column ow*stride + off is >= 0, and the end of the valid range. */
static int first_valid(int off, int stride) { return off >= 0 ? 0 : (-off + stride - 1) / stride; }
static int end_valid(int off, int stride, int in, int out) {
  int e = in - off <= 0 ? 0 : (in - off + stride - 1) / stride;
  return e < out ? e : out;
}

EXPORT("conv2d_backprop_filter")
void conv2d_backprop_filter(const float *x, const float *dy, double *acc, float *out, int batch, int inH,
                            int inW, int cin, int outH, int outW, int cout, int fH, int fW, int sH, int sW,
                            int padTop, int padLeft) {
  const int fsize = fH * fW * cin * cout;
  for (int i = 0; i < fsize; i++) acc[i] = 0;
  for (int b = 0; b < batch; b++) {
    for (int oh = 0; oh < outH; oh++) {
      const float *dyrow = dy + ((b * outH + oh) * outW) * cout;
      for (int fh = 0; fh < fH; fh++) {
        const int ih = oh * sH + fh - padTop;
        if (ih < 0 || ih >= inH) continue;
        const float *xrow = x + ((b * inH + ih) * inW) * cin;
        for (int fw = 0; fw < fW; fw++) {
          const int off = fw - padLeft;
          const int ow0 = first_valid(off, sW), ow1 = end_valid(off, sW, inW, outW);
          double *a = acc + ((fh * fW + fw) * cin) * cout;
          for (int ow = ow0; ow < ow1; ow += BLOCK) {
            const int n = ow1 - ow < BLOCK ? ow1 - ow : BLOCK;
            fg_rows(xrow + (ow * sW + off) * cin, sW * cin, dyrow + ow * cout, cout, n, a, cin, cout);
          }
        }
      }
    }
  }
  for (int i = 0; i < fsize; i++) out[i] = (float)acc[i];
}

/*
 * Input gradient. wt is the filter transposed to [fH, fW, cout, cin] (done here into wt from w), so
 * the innermost loop runs over contiguous input channels. Tiles of 4 output positions x 8 input
 * channels reuse each weight load 4 times.
 */
EXPORT("conv2d_backprop_input")
void conv2d_backprop_input(const float *dy, const float *w, float *wt, float *dx, int batch, int inH, int inW,
                           int cin, int outH, int outW, int cout, int fH, int fW, int sH, int sW, int padTop,
                           int padLeft) {
  for (int f = 0; f < fH * fW; f++)
    for (int ci = 0; ci < cin; ci++)
      for (int co = 0; co < cout; co++) wt[(f * cout + co) * cin + ci] = w[(f * cin + ci) * cout + co];
  const int dxsize = batch * inH * inW * cin;
  for (int i = 0; i < dxsize; i++) dx[i] = 0;
  for (int b = 0; b < batch; b++) {
    for (int oh = 0; oh < outH; oh++) {
      const float *dyrow = dy + ((b * outH + oh) * outW) * cout;
      for (int fh = 0; fh < fH; fh++) {
        const int ih = oh * sH + fh - padTop;
        if (ih < 0 || ih >= inH) continue;
        float *dxrow = dx + ((b * inH + ih) * inW) * cin;
        for (int fw = 0; fw < fW; fw++) {
          const float *wk = wt + ((fh * fW + fw) * cout) * cin;
          const int off = fw - padLeft;
          const int ow0 = first_valid(off, sW), ow1 = end_valid(off, sW, inW, outW);
          int ow = ow0;
          for (; ow + 4 <= ow1; ow += 4) {
            const float *d = dyrow + ow * cout;
            float *o0 = dxrow + (ow * sW + off) * cin, *o1 = o0 + sW * cin, *o2 = o1 + sW * cin, *o3 = o2 + sW * cin;
            int ci = 0;
            for (; ci + 8 <= cin; ci += 8) {
              v128_t a00 = wasm_v128_load(o0 + ci), a01 = wasm_v128_load(o0 + ci + 4);
              v128_t a10 = wasm_v128_load(o1 + ci), a11 = wasm_v128_load(o1 + ci + 4);
              v128_t a20 = wasm_v128_load(o2 + ci), a21 = wasm_v128_load(o2 + ci + 4);
              v128_t a30 = wasm_v128_load(o3 + ci), a31 = wasm_v128_load(o3 + ci + 4);
              const float *wp = wk + ci;
              for (int co = 0; co < cout; co++, wp += cin) {
                v128_t w0 = wasm_v128_load(wp), w1 = wasm_v128_load(wp + 4);
                v128_t d0 = wasm_f32x4_splat(d[co]), d1 = wasm_f32x4_splat(d[cout + co]);
                v128_t d2 = wasm_f32x4_splat(d[2 * cout + co]), d3 = wasm_f32x4_splat(d[3 * cout + co]);
                MAC(a00, d0, w0); MAC(a01, d0, w1); MAC(a10, d1, w0); MAC(a11, d1, w1);
                MAC(a20, d2, w0); MAC(a21, d2, w1); MAC(a30, d3, w0); MAC(a31, d3, w1);
              }
              wasm_v128_store(o0 + ci, a00); wasm_v128_store(o0 + ci + 4, a01);
              wasm_v128_store(o1 + ci, a10); wasm_v128_store(o1 + ci + 4, a11);
              wasm_v128_store(o2 + ci, a20); wasm_v128_store(o2 + ci + 4, a21);
              wasm_v128_store(o3 + ci, a30); wasm_v128_store(o3 + ci + 4, a31);
            }
            for (; ci < cin; ci++) {
              float s0 = o0[ci], s1 = o1[ci], s2 = o2[ci], s3 = o3[ci];
              const float *wp = wk + ci;
              for (int co = 0; co < cout; co++, wp += cin) {
                s0 += d[co] * wp[0]; s1 += d[cout + co] * wp[0];
                s2 += d[2 * cout + co] * wp[0]; s3 += d[3 * cout + co] * wp[0];
              }
              o0[ci] = s0; o1[ci] = s1; o2[ci] = s2; o3[ci] = s3;
            }
          }
          for (; ow < ow1; ow++) {
            const float *d = dyrow + ow * cout;
            float *o = dxrow + (ow * sW + off) * cin;
            for (int ci = 0; ci < cin; ci++) {
              float s = o[ci];
              const float *wp = wk + ci;
              for (int co = 0; co < cout; co++, wp += cin) s += d[co] * wp[0];
              o[ci] = s;
            }
          }
        }
      }
    }
  }
}
