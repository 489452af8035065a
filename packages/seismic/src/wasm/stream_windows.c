/*
 * Kernels of StreamWindows (../preprocess-stream.ts), which documents the method: windows cut from a
 * band-passed stream, each corrected to what per-window preprocessing makes of it. Built into
 * stream_windows.wasm by ../../scripts/build-kernels.sh (clang --target=wasm32 -msimd128); the .wasm
 * is committed so nothing here needs a C toolchain at install or run time.
 *
 * Precision: filter states, trends and every correction that cancels large terms (a window's mean
 * against the stream's state) are float64, as in the per-window path. Only the slow correction is
 * float32 SIMD: it is a combination of orthonormal responses with float64 weights already summed,
 * so its terms are at signal scale. Float32 partial sums of the window's variance cover a few dozen
 * terms before they are added into float64.
 *
 * Memory: the caller lays every array out in this module's memory; `configure` and `set_buffers`
 * record where (per instance: each StreamWindows instantiates its own module).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define INLINE static inline __attribute__((always_inline))

/* Samples per block of the running sums a window's mean and slope are assembled from. */
#define BLOCK 32
/* Frames filtered per pass over the sections (the chunk stays in L1 between passes). */
#define CHUNK 1024
/* Slow responses the long stretch of a window is written on. */
#define SLOW_RANK 4
/* Frames of the slow SIMD loop between flushes of its float32 partial sums into float64. */
#define FLUSH 32

/* ---- Biquad cascade on interleaved float32 frames, float64 state ---- */

/* Channels 2v and 2v+1 (or 2v alone) of a frame as float64 lanes. */
INLINE v128_t load_pair(const float *x, int two) {
  return wasm_f64x2_promote_low_f32x4(two ? wasm_v128_load64_zero(x) : wasm_v128_load32_zero(x));
}

INLINE void store_pair(float *x, v128_t y, int two) {
  v128_t f = wasm_f32x4_demote_f64x2_zero(y);
  if (two) wasm_v128_store64_lane(x, f, 0);
  else wasm_v128_store32_lane(x, f, 0);
}

/*
 * One section (b0 b1 b2 a1 a2 at `sec`) over `frames` frames of G (1..3) channels at `x` (frames
 * `stride` apart), in place; channel c's state is state[c * width], state[c * width + 1]. Channels go
 * two to a vector. Transposed direct form II as filterInPlace (the same state variables), with the
 * output substituted into the state updates: z1 ← (b1 − a1·b0)·u + z2 − a1·z1, z2 ← (b2 − a2·b0)·u −
 * a2·z1, so the recursion waits on one multiply and one add per sample instead of three operations.
 * (Two sections per loop would overlap more recursions, but their state and coefficients overflow the
 * registers: measured slower.)
 */
INLINE void section_pass(float *x, int frames, int stride, const int G, const double *sec, double *state, int width) {
  const int V = (G + 1) / 2;
  const v128_t b0 = wasm_f64x2_splat(sec[0]), a1 = wasm_f64x2_splat(sec[3]), a2 = wasm_f64x2_splat(sec[4]);
  const v128_t c1 = wasm_f64x2_splat(sec[1] - sec[3] * sec[0]), c2 = wasm_f64x2_splat(sec[2] - sec[4] * sec[0]);
  v128_t z1[2], z2[2];
  for (int v = 0; v < V; v++) {
    const double *lo = state + 2 * v * width;
    const double *hi = 2 * v + 1 < G ? lo + width : 0;
    z1[v] = wasm_f64x2_make(lo[0], hi ? hi[0] : 0);
    z2[v] = wasm_f64x2_make(lo[1], hi ? hi[1] : 0);
  }
  for (int f = 0; f < frames; f++, x += stride) {
    for (int v = 0; v < V; v++) {
      const int two = 2 * v + 1 < G;
      const v128_t u = load_pair(x + 2 * v, two);
      store_pair(x + 2 * v, wasm_f64x2_add(wasm_f64x2_mul(b0, u), z1[v]), two);
      const v128_t z = z1[v];
      z1[v] = wasm_f64x2_sub(wasm_f64x2_add(wasm_f64x2_mul(c1, u), z2[v]), wasm_f64x2_mul(a1, z));
      z2[v] = wasm_f64x2_sub(wasm_f64x2_mul(c2, u), wasm_f64x2_mul(a2, z));
    }
  }
  for (int v = 0; v < V; v++) {
    double *lo = state + 2 * v * width;
    lo[0] = wasm_f64x2_extract_lane(z1[v], 0);
    lo[1] = wasm_f64x2_extract_lane(z2[v], 0);
    if (2 * v + 1 < G) {
      lo[width] = wasm_f64x2_extract_lane(z1[v], 1);
      lo[width + 1] = wasm_f64x2_extract_lane(z2[v], 1);
    }
  }
}

/* Every section over a group of G channels, one section per pass. */
INLINE void cascade_group(float *x, int frames, int stride, const int G, const double *sec, int nsec, double *state) {
  for (int q = 0; q < nsec; q++) section_pass(x, frames, stride, G, sec + 5 * q, state + 2 * q, 2 * nsec);
}

/*
 * The band-pass (`nsec` sections, b0 b1 b2 a1 a2 each) over `frames` frames of `p` interleaved
 * channels at `x`, in place, from `state` (p × 2·nsec, left holding the end state). Channels go
 * three at a time, in chunks of CHUNK frames.
 */
static void cascade(float *x, int frames, int p, const double *sec, int nsec, double *state) {
  const int width = 2 * nsec;
  for (int from = 0; from < frames; from += CHUNK) {
    int n = frames - from < CHUNK ? frames - from : CHUNK;
    for (int c = 0; c < p; c += 3) {
      float *at = x + (long)from * p + c;
      double *st = state + c * width;
      int g = p - c < 3 ? p - c : 3;
      if (g == 3) cascade_group(at, n, p, 3, sec, nsec, st);
      else if (g == 2) cascade_group(at, n, p, 2, sec, nsec, st);
      else cascade_group(at, n, p, 1, sec, nsec, st);
    }
  }
}

/* ---- What configure and set_buffers record ---- */

static struct {
  /* Window shape and options. */
  int length, channels, p, head, nsec, settle, nresp, detrend, normalize;
  /* Plan: sections, taper (head), early responses (nresp × settle), their slow coordinates
   * (nresp × SLOW_RANK), the orthonormal slow responses from settle on, each repeated for three
   * interleaved channels (SLOW_RANK × 3·(span − settle)). */
  const double *sec, *taper, *early, *coords;
  const float *slow;
  /* Raw channels (p × cap, channel-major) and the filtered stream (cap × p), from the same frame. */
  const float *raw;
  float *stream;
  int cap;
  /* Scratch: edge (head × p), its state (p × width), response and slow weights (width + 2, then
   * SLOW_RANK per channel), means and slopes (p), corrections (p × settle); the batch's block sums
   * and moments (p × blocks). */
  float *edge;
  double *edge_state, *corr, *weights, *means, *slopes, *sums, *moments;
  int blocks;
} K;

EXPORT("configure")
void configure(int length, int channels, int p, int head, int nsec, int settle, int nresp, int detrend, int normalize,
               const double *sec, const double *taper, const double *early, const double *coords, const float *slow,
               float *edge, double *edge_state, double *corr, double *weights, double *means, double *slopes) {
  K.length = length;
  K.channels = channels;
  K.p = p;
  K.head = head;
  K.nsec = nsec;
  K.settle = settle;
  K.nresp = nresp;
  K.detrend = detrend;
  K.normalize = normalize;
  K.sec = sec;
  K.taper = taper;
  K.early = early;
  K.coords = coords;
  K.slow = slow;
  K.edge = edge;
  K.edge_state = edge_state;
  K.corr = corr;
  K.weights = weights;
  K.means = means;
  K.slopes = slopes;
}

EXPORT("set_buffers")
void set_buffers(const float *raw, float *stream, int cap) {
  K.raw = raw;
  K.stream = stream;
  K.cap = cap;
}

/*
 * Filters buffer frames [from, from + n): the raw samples minus `offsets` (p, one per channel: the
 * constant the current run subtracts) through the band-pass from `state`, into the stream buffer.
 */
EXPORT("stream_advance")
void stream_advance(int from, int n, const double *offsets, double *state) {
  const int p = K.p;
  float *out = K.stream + (long)from * p;
  for (int c = 0; c < p; c++) {
    const float *x = K.raw + (long)c * K.cap + from;
    const double off = offsets[c];
    for (int i = 0; i < n; i++) out[i * p + c] = (float)(x[i] - off);
  }
  cascade(out, n, p, K.sec, K.nsec, state);
}

/* ---- Windows ---- */

/* Σ x and Σ (i − block start)·x of every whole block in buffer frames [from, to), block 0 at `from`. */
static void block_sums(int from, int to) {
  const int nb = (to - from) / BLOCK;
  for (int c = 0; c < K.p; c++) {
    const float *x = K.raw + (long)c * K.cap + from;
    double *sums = K.sums + (long)c * K.blocks;
    double *moments = K.moments + (long)c * K.blocks;
    for (int b = 0; b < nb; b++, x += BLOCK) {
      double s = 0, m = 0;
      for (int t = 0; t < BLOCK; t++) {
        s += x[t];
        m += t * (double)x[t];
      }
      sums[b] = s;
      moments[b] = m;
    }
  }
}

/*
 * Mean (minus `offset`) and least-squares slope of channel c of the window at buffer frame s (absolute
 * frame s + base): whole blocks from the block sums (block 0 at buffer frame `b0`, absolute frame a
 * multiple of BLOCK), the ragged ends sample by sample — the arithmetic of the per-window sums, exact
 * in float64 for float32 samples.
 */
static void trend(int c, int s, int base, int b0, double offset) {
  const float *x = K.raw + (long)c * K.cap;
  const int length = K.length;
  const int abs = s + base;
  int first = ((abs + BLOCK - 1) / BLOCK) * BLOCK - base;
  if (first > s + length) first = s + length;
  int last = ((abs + length) / BLOCK) * BLOCK - base;
  if (last < first) last = first;
  double sum = 0, moment = 0;
  for (int i = s; i < first; i++) {
    sum += x[i];
    moment += (i - s) * (double)x[i];
  }
  const double *sums = K.sums + (long)c * K.blocks;
  const double *moments = K.moments + (long)c * K.blocks;
  for (int b = (first - b0) / BLOCK, e = (last - b0) / BLOCK; b < e; b++) {
    sum += sums[b];
    moment += moments[b] + (double)(b0 + b * BLOCK - s) * sums[b];
  }
  for (int i = last; i < s + length; i++) {
    sum += x[i];
    moment += (i - s) * (double)x[i];
  }
  const double t_mean = (length - 1) / 2.0;
  K.means[c] = sum / length - offset;
  K.slopes[c] = K.detrend && length > 1 ? (moment - t_mean * sum) / ((length * ((double)length * length - 1)) / 12)
                                        : 0;
}

/*
 * Fills `edge` with the detrended samples of the window at s from `from` on, times the taper's rising
 * weights (`tail` 0) or its falling weights minus one (`tail` 1).
 */
static void edge_input(int s, const double *offsets, int from, int tail) {
  const int p = K.p, head = K.head;
  const double t_mean = (K.length - 1) / 2.0;
  for (int c = 0; c < p; c++) {
    const float *x = K.raw + (long)c * K.cap + s + from;
    const double shift = offsets[c] + K.means[c], slope = K.slopes[c];
    for (int t = 0; t < head; t++) {
      const double w = tail ? K.taper[head - 1 - t] - 1 : K.taper[t];
      K.edge[t * p + c] = (float)(w * (x[t] - shift - slope * (from + t - t_mean)));
    }
  }
}

/*
 * Channel c's correction past the head: the responses to the difference of states (the head's end
 * state against the stream's) and to the window's own mean and slope, written out for the first
 * `settle` samples (tail correction included) and as weights of the slow responses beyond.
 */
static void correct(int c, const double *state) {
  const int width = 2 * K.nsec, settle = K.settle, head = K.head, p = K.p;
  const double t_mean = (K.length - 1) / 2.0;
  const int tail_from = K.length - 2 * head;
  double *w = K.weights;
  for (int q = 0; q < width; q++) w[q] = K.edge_state[c * width + q] - state[c * width + q];
  w[width] = -(K.means[c] + K.slopes[c] * (head - t_mean));
  w[width + 1] = -K.slopes[c];
  double *corr = K.corr + (long)c * settle;
  for (int j = 0; j < settle; j++) corr[j] = 0;
  double d[SLOW_RANK] = {0};
  for (int v = 0; v < K.nresp; v++) {
    const double dv = w[v];
    const double *r = K.early + (long)v * settle;
    for (int j = 0; j < settle; j++) corr[j] += dv * r[j];
    for (int k = 0; k < SLOW_RANK; k++) d[k] += dv * K.coords[v * SLOW_RANK + k];
  }
  for (int j = tail_from > 0 ? tail_from : 0; j < settle; j++) corr[j] += K.edge[(j - tail_from) * p + c];
  for (int k = 0; k < SLOW_RANK; k++) w[c * SLOW_RANK + k + width + 2] = d[k];
}

/* Slow weight k of channel c (kept after the response weights, which each channel reuses). */
#define SLOW_WEIGHT(c, k) K.weights[2 * K.nsec + 2 + (c) * SLOW_RANK + (k)]

/* The sum of a vector's four float32 lanes, in float64. */
INLINE double lane_sum(v128_t v) {
  return (double)wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

/*
 * Frames [from, to) past the head of a three-channel window into three window channels, SIMD: the
 * stream plus the slow correction (plus `tail`, the tail's correction from its first frame, when not
 * null). `f` is the stream at the first frame past the head, `o` the output there. Adds what it wrote
 * to sum and squares.
 */
INLINE void slow_three(const float *f, float *o, int from, int to, const float *tail, double *sum, double *squares) {
  const int span_slow = K.length - K.head - K.settle;
  const float *m0 = K.slow + 3 * (from - K.settle);
  const float *m1 = m0 + 3 * span_slow, *m2 = m1 + 3 * span_slow, *m3 = m2 + 3 * span_slow;
  /* Weights in the lane order of three consecutive vectors (channels 0 1 2 0 | 1 2 0 1 | 2 0 1 2). */
  v128_t wv[SLOW_RANK][3];
  for (int k = 0; k < SLOW_RANK; k++) {
    const float a = SLOW_WEIGHT(0, k), b = SLOW_WEIGHT(1, k), c = SLOW_WEIGHT(2, k);
    wv[k][0] = wasm_f32x4_make(a, b, c, a);
    wv[k][1] = wasm_f32x4_make(b, c, a, b);
    wv[k][2] = wasm_f32x4_make(c, a, b, c);
  }
  f += 3 * from;
  o += 3 * from;
  int j = from;
  while (j + 4 <= to) {
    v128_t s = wasm_f32x4_splat(0), s2 = s;
    for (int end = j + FLUSH < to ? j + FLUSH : to; j + 4 <= end; j += 4, f += 12, o += 12, m0 += 12, m1 += 12,
             m2 += 12, m3 += 12, tail = tail ? tail + 12 : 0) {
      for (int u = 0; u < 3; u++) {
        v128_t v = wasm_v128_load(f + 4 * u);
        v = wasm_f32x4_add(v, wasm_f32x4_mul(wv[0][u], wasm_v128_load(m0 + 4 * u)));
        v = wasm_f32x4_add(v, wasm_f32x4_mul(wv[1][u], wasm_v128_load(m1 + 4 * u)));
        v = wasm_f32x4_add(v, wasm_f32x4_mul(wv[2][u], wasm_v128_load(m2 + 4 * u)));
        v = wasm_f32x4_add(v, wasm_f32x4_mul(wv[3][u], wasm_v128_load(m3 + 4 * u)));
        if (tail) v = wasm_f32x4_add(v, wasm_v128_load(tail + 4 * u));
        wasm_v128_store(o + 4 * u, v);
        s = wasm_f32x4_add(s, v);
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(v, v));
      }
    }
    *sum += lane_sum(s);
    *squares += lane_sum(s2);
  }
  /* The last frames (fewer than four), one value at a time. */
  for (int i = 0; i < 3 * (to - j); i++) {
    const int c = i % 3;
    float v = f[i] + SLOW_WEIGHT(c, 0) * m0[i] + SLOW_WEIGHT(c, 1) * m1[i] + SLOW_WEIGHT(c, 2) * m2[i] +
              SLOW_WEIGHT(c, 3) * m3[i];
    if (tail) v += tail[i];
    o[i] = v;
    *sum += v;
    *squares += (double)v * v;
  }
}

/*
 * Past the head, any channel counts: the stream plus the early correction, then plus the slow one
 * (float64, one channel at a time), plus the tail's correction over the last `head` frames.
 */
static void write_channels(const float *f, float *o, double *sum, double *squares) {
  const int p = K.p, channels = K.channels, settle = K.settle, head = K.head;
  const int span = K.length - head, tail_from = span - head, span_slow = span - settle;
  for (int c = 0; c < p; c++) {
    const double *corr = K.corr + (long)c * settle;
    for (int j = 0; j < span; j++) {
      double v = f[j * p + c];
      if (j < settle) v += corr[j];
      else {
        const float *m = K.slow + 3 * (j - settle);
        for (int k = 0; k < SLOW_RANK; k++) v += SLOW_WEIGHT(c, k) * m[k * 3 * span_slow];
        if (j >= tail_from) v += K.edge[(j - tail_from) * p + c];
      }
      const float r = (float)v;
      o[j * channels + c] = r;
      *sum += r;
      *squares += (double)r * r;
    }
  }
}

/* Three channels into three: the early stretch in float64, the rest in slow_three. */
static void write_three(const float *f, float *o, double *sum, double *squares) {
  const int settle = K.settle, head = K.head, span = K.length - head, tail_from = span - head;
  for (int j = 0; j < settle; j++) {
    for (int c = 0; c < 3; c++) {
      const float r = (float)(f[3 * j + c] + K.corr[c * settle + j]);
      o[3 * j + c] = r;
      *sum += r;
      *squares += (double)r * r;
    }
  }
  const int plain_end = tail_from > settle ? tail_from : settle;
  slow_three(f, o, settle, plain_end, 0, sum, squares);
  slow_three(f, o, plain_end, span, K.edge + 3 * (plain_end - tail_from), sum, squares);
}

/* Divides the window by its standard deviation (normalize 1) or peak (2); silent windows stay. */
static void normalize(float *o, int size, double sum, double squares) {
  double scale = 0;
  if (K.normalize == 1) {
    const double var = squares / size - (sum / size) * (sum / size);
    scale = __builtin_sqrt(var > 0 ? var : 0);
  } else if (K.normalize == 2) {
    for (int i = 0; i < size; i++) {
      const double a = __builtin_fabs(o[i]);
      if (a > scale) scale = a;
    }
  }
  if (!(scale > 0)) return;
  const v128_t inv = wasm_f32x4_splat((float)(1 / scale));
  int i = 0;
  for (; i + 4 <= size; i += 4) wasm_v128_store(o + i, wasm_f32x4_mul(wasm_v128_load(o + i), inv));
  for (; i < size; i++) o[i] *= (float)(1 / scale);
}

/*
 * Writes n windows, [n, length, channels], at `out`: window k starts at buffer frame starts[k] (the
 * stream filtered past it), its run subtracted offsets[k·p …] and the stream's state at its start +
 * head is states[k·p·width …]. `base` is the absolute frame of buffer frame 0; sums and moments hold
 * `blocks` blocks per channel, enough for the frames the batch spans.
 */
EXPORT("cut_windows")
void cut_windows(int n, const int *starts, int base, const double *offsets, const double *states, float *out,
                 double *sums, double *moments, int blocks) {
  const int p = K.p, length = K.length, channels = K.channels, head = K.head, width = 2 * K.nsec;
  K.sums = sums;
  K.moments = moments;
  K.blocks = blocks;
  const int size = length * channels;
  /* Block sums over the batch: block 0 at the first absolute multiple of BLOCK in its first window. */
  const int b0 = ((starts[0] + base + BLOCK - 1) / BLOCK) * BLOCK - base;
  block_sums(b0, starts[n - 1] + length);
  for (int k = 0; k < n; k++) {
    const int s = starts[k];
    const double *off = offsets + (long)k * p;
    const double *state = states + (long)k * p * width;
    float *o = out + (long)k * size;
    for (int c = 0; c < p; c++) trend(c, s, base, b0, off[c]);
    double sum = 0, squares = 0;

    /* Head: the tapered first head samples filtered from rest, exactly as per window. */
    edge_input(s, off, 0, 0);
    for (int q = 0; q < p * width; q++) K.edge_state[q] = 0;
    cascade(K.edge, head, p, K.sec, K.nsec, K.edge_state);
    for (int t = 0; t < head; t++) {
      for (int c = 0; c < p; c++) {
        const float v = K.edge[t * p + c];
        o[t * channels + c] = v;
        sum += v;
        squares += (double)v * v;
      }
    }
    /* Tail: the taper of the last head samples, a correction filtered from rest where it starts (into
     * `edge`, now free), added past the head. */
    edge_input(s, off, length - head, 1);
    double rest[p * width];
    for (int q = 0; q < p * width; q++) rest[q] = 0;
    cascade(K.edge, head, p, K.sec, K.nsec, rest);

    for (int c = 0; c < p; c++) correct(c, state);
    const float *f = K.stream + (long)(s + head) * p;
    if (p == 3 && channels == 3) write_three(f, o + head * 3, &sum, &squares);
    else write_channels(f, o + head * channels, &sum, &squares);
    for (int c = p; c < channels; c++) {
      for (int t = 0; t < length; t++) o[t * channels + c] = 0;
    }
    normalize(o, size, sum, squares);
  }
}
