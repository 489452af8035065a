/**
 * Preprocessed windows cut from a continuous trace: the same windows `preprocessWindows` makes of the
 * raw windows (demean → detrend → taper → causal band-pass from rest → normalise), with the band-pass
 * recursion run once over the stream instead of once per window.
 *
 * Why not simply filter the stream and cut it: the per-window path filters each window from rest after
 * tapering it, and the classifiers were trained on exactly that, start transient included. Measured
 * with the shipped model on synthetic station-days, scores of plainly stream-filtered windows differ
 * from the training-path scores by up to 0.4 (99th percentile 0.09), which moves detections. So this
 * module keeps the per-window result and removes only the per-window recursion. The cascade is linear
 * and time-invariant, so for a window starting at `s` with taper length `m`:
 *
 *   y[t] = the tapered, detrended head filtered from rest, t < m (m samples filtered, as before);
 *   y[t] = stream[s + t] + ZIR(S_head − S_stream(s + m))[t − m] − α·G0[t − m] − β·G1[t − m]
 *          (+ the taper of the last m samples, filtered from rest where it starts), t ≥ m,
 *
 * where S are cascade states, ZIR(S) the zero-input response from S (a combination of one precomputed
 * response per state variable), G0 / G1 the responses to a unit step and a unit ramp, and α, β the
 * window's mean and slope seen from sample m. A window's mean and slope come from per-block sums (exact
 * in double precision for float32 samples). Past the head, each sample costs a few multiply-adds with no
 * recursion. Zero-phase filtering is not causal and stays on the per-window path.
 *
 * The per-sample work (the stream's recursion, the heads and tails, the corrections, the normalisation)
 * runs in SIMD WebAssembly (`wasm/stream_windows.c`, which says what runs in float32 and why that is
 * exact enough); this module computes the per-shape constants and drives the kernels batch by batch.
 */
import { filterInPlace } from './dsp/biquad.js';
import { WindowStreamFilter } from './stream-filter.js';
import { StreamKernels } from './stream-kernels.js';
import { SEISMIC_ERROR_CODES, SeismicError } from './errors.js';
import { planFor, type PreprocessOptions, type WindowPlan } from './preprocess.js';

/** Whether `StreamWindows` can make the windows these options describe (causal filtering only). */
export function streamPreprocessingSupported(options: PreprocessOptions = {}): boolean {
  return options.zeroPhase !== true;
}

/** Slow responses the long stretch of a window is written on (padded with zeros below it). */
const SLOW_RANK = 4;
/** Relative residual allowed when a response's tail is written on the slow responses. */
const SETTLED = 1e-10;
/** Samples per block of the running sums a window's mean and slope are assembled from (BLOCK in the kernels). */
const BLOCK = 32;

/**
 * Per-shape constants: the responses that turn a stream-filtered stretch into a per-window one, laid
 * out as the kernels read them. Past `settle` samples the fast (low-pass) modes of every response have
 * died out and what is left lies in the span of the slow (high-pass) ones: there each response is
 * replaced by its coordinates on `SLOW_RANK` slow responses, so the long stretch costs `SLOW_RANK`
 * multiply-adds per sample instead of one per response. The slow responses are orthonormalised first
 * (two of them are nearly the same curve one sample apart): coordinates on an orthonormal basis stay at
 * the scale of the correction, so the kernels can write the long stretch in float32. When no such fit
 * exists (more slow modes), `settle` is the whole span.
 */
interface StreamPlan {
  plan: WindowPlan;
  /** Taper length m; responses are `length − m` long. */
  head: number;
  /** The sections' b0 b1 b2 a1 a2, one after the other. */
  sections: Float64Array;
  /** Responses (`settle` samples each, one after the other): one per state variable, then a unit step, then the ramp j. */
  early: Float64Array;
  responses: number;
  settle: number;
  /** The orthonormal slow responses from `settle` on, each repeated for three interleaved channels: slow[r · 3 · n + 3j + c]. */
  slow: Float32Array;
  /** Each response's coordinates on the orthonormal slow responses (`SLOW_RANK` each, one after the other). */
  coordinates: Float64Array;
}

const streamPlans = new Map<WindowPlan, StreamPlan>();

/** The response of the cascade from `state` to `input` (zeros when omitted), `span` samples. */
function response(plan: WindowPlan, span: number, state: Float64Array, input?: (j: number) => number): Float64Array {
  const y = Float64Array.from({ length: span }, (_, j) => (input ? input(j) : 0));
  filterInPlace(y, plan.sections, 0, 1, span, false, state);
  return y;
}

/** Solves the small dense system a·x = b (Gaussian elimination, partial pivoting); null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (!(Math.abs(m[p]![c]!) > 0)) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let v = m[r]![n]!;
    for (let k = r + 1; k < n; k++) v -= m[r]![k]! * x[k]!;
    x[r] = v / m[r]![r]!;
  }
  return x;
}

/**
 * Coordinates (padded to `SLOW_RANK`) of every response's tail from `settle` on, on the tails of the
 * first `rank` responses (least squares); null when some tail is not in their span to `SETTLED`.
 */
function tailCoordinates(responses: Float64Array[], settle: number, rank: number): Float64Array[] | null {
  const tails = responses.map((r) => r.subarray(settle));
  const basis = tails.slice(0, rank);
  const dot = (u: Float64Array, v: Float64Array): number => u.reduce((s, x, j) => s + x * v[j]!, 0);
  const gram = basis.map((u) => basis.map((v) => dot(u, v)));
  const coordinates: Float64Array[] = [];
  for (const tail of tails) {
    const x = solve(
      gram,
      basis.map((u) => dot(u, tail)),
    );
    if (!x) return null;
    const peak = tail.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    for (let j = 0; j < tail.length; j++) {
      const fit = x.reduce((s, c, r) => s + c * basis[r]![j]!, 0);
      if (!(Math.abs(fit - tail[j]!) <= SETTLED * Math.max(peak, 1))) return null;
    }
    const padded = new Float64Array(SLOW_RANK);
    padded.set(x);
    coordinates.push(padded);
  }
  return coordinates;
}

function streamPlanFor(plan: WindowPlan): StreamPlan {
  const cached = streamPlans.get(plan);
  if (cached) return cached;
  const head = plan.taper.length;
  const span = plan.length - head;
  const states = 2 * plan.sections.length;
  const responses = Array.from({ length: states }, (_, q) => {
    const unit = new Float64Array(states);
    unit[q] = 1;
    return response(plan, span, unit);
  });
  responses.push(
    response(plan, span, new Float64Array(states), () => 1),
    response(plan, span, new Float64Array(states), (j) => j),
  );
  // The band-pass is the high-pass sections, then the low-pass ones: the slow modes are the high-pass
  // poles, and the first `order` state variables (the high-pass sections') reach all of them.
  const rank = Math.min(plan.options.order, SLOW_RANK);
  let settle = span;
  let coordinates: Float64Array[] = responses.map(() => new Float64Array(SLOW_RANK));
  for (let at = 32; at < span - rank; at *= 2) {
    const fit = tailCoordinates(responses, at, rank);
    if (fit) {
      settle = at;
      coordinates = fit;
      break;
    }
  }
  const basis = orthonormalTails(responses.slice(0, settle < span ? rank : 0), settle);
  const n = span - settle;
  const slow = new Float32Array(SLOW_RANK * 3 * n);
  basis.q.forEach((q, r) => q.forEach((v, j) => slow.fill(v, r * 3 * n + 3 * j, r * 3 * n + 3 * j + 3)));
  const p: StreamPlan = {
    plan,
    head,
    sections: Float64Array.from(plan.sections.flatMap(({ b0, b1, b2, a1, a2 }) => [b0, b1, b2, a1, a2])),
    early: Float64Array.from(responses.flatMap((r) => [...r.subarray(0, settle)])),
    responses: responses.length,
    settle,
    slow,
    // Σ c_r · tail_r = Σ_i (Σ_r R[i][r] · c_r) · q_i.
    coordinates: Float64Array.from(
      coordinates.flatMap((c) =>
        Array.from({ length: SLOW_RANK }, (_, i) => basis.r[i]?.reduce((s, rir, r) => s + rir * c[r]!, 0) ?? 0),
      ),
    ),
  };
  streamPlans.set(plan, p);
  return p;
}

/**
 * The tails from `settle` on of `responses` as orthonormal q (modified Gram–Schmidt, float64) and the
 * upper-triangular r with tail_j = Σ_i r[i][j] · q_i.
 */
function orthonormalTails(responses: Float64Array[], settle: number): { q: Float64Array[]; r: number[][] } {
  const q: Float64Array[] = [];
  const r = responses.map(() => responses.map(() => 0));
  responses.forEach((response, j) => {
    const v = response.slice(settle);
    q.forEach((qi, i) => {
      const d = qi.reduce((s, x, t) => s + x * v[t]!, 0);
      r[i]![j] = d;
      for (let t = 0; t < v.length; t++) v[t]! -= d * qi[t]!;
    });
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    r[j]![j] = norm;
    q.push(v.map((x) => x / norm));
  });
  return { q, r };
}

/** How the kernels are told the normalisation. */
const NORMALIZE_CODES = { none: 0, std: 1, peak: 2 } as const;

/**
 * The windows of one continuous trace at given start samples, each preprocessed exactly as
 * `preprocessWindow` preprocesses the raw window (within float rounding; tested against it). `cut`
 * makes windows batch by batch, filtering the stream as far as they need (`WindowStreamFilter`);
 * batches in increasing order touch every sample once, and memory follows the batch, not the trace.
 * Channels beyond the trace's (a Z-only station's N and E) are zeros, as `copyWindow` makes them.
 */
export class StreamWindows {
  private readonly kernels = new StreamKernels();
  /** Trace channels the windows use. */
  private readonly present: number;
  private readonly width: number;
  /** The band-pass over the stream, advanced batch by batch. */
  private readonly stream: WindowStreamFilter;
  /** The batch's arrays in kernel memory, for up to `batch.n` windows and `batch.blocks` blocks. */
  private batch = { n: 0, blocks: 0, starts: 0, offsets: 0, states: 0, out: 0, sums: 0, moments: 0 };

  /**
   * @param data the trace's channels (Z, N, E order), all the same length
   * @param starts window start samples, increasing, each window inside the data
   * @throws SeismicError QF_ERR_BAD_OPTIONS for zero-phase options; QF_ERR_BAD_TRACE for bad starts
   */
  constructor(
    data: readonly Float32Array[],
    private readonly starts: Int32Array,
    readonly length: number,
    readonly channels: number,
    sampleRate: number,
    options: PreprocessOptions = {},
  ) {
    if (!streamPreprocessingSupported(options)) {
      throw new SeismicError(
        SEISMIC_ERROR_CODES.badOptions,
        'zero-phase filtering is not causal: preprocess such windows one by one',
      );
    }
    const total = data[0]?.length ?? 0;
    for (let k = 0; k < starts.length; k++) {
      if (!(starts[k]! >= 0 && starts[k]! + length <= total && (k === 0 || starts[k]! > starts[k - 1]!))) {
        throw new SeismicError(
          SEISMIC_ERROR_CODES.badTrace,
          `window start ${starts[k]} is out of order or its window leaves the ${total} samples`,
        );
      }
    }
    const sp = streamPlanFor(planFor(length, channels, sampleRate, options));
    const p = (this.present = Math.min(channels, data.length));
    const sections = sp.plan.sections.length;
    this.width = 2 * sections;
    this.configure(sp);
    this.stream = new WindowStreamFilter(this.kernels, data.slice(0, p), starts, length, sp.head, sections);
  }

  /** Number of windows. */
  get count(): number {
    return this.starts.length;
  }

  /** Copies the plan into kernel memory, with the scratch the kernels use per window. */
  private configure(sp: StreamPlan): void {
    const { kernels: km, present: p, width } = this;
    const { head, settle } = sp;
    const copy = (values: Float64Array): number => {
      const at = km.alloc(8 * values.length);
      km.f64(at, values.length).set(values);
      return at;
    };
    const sections = copy(sp.sections);
    const taper = copy(sp.plan.taper);
    const early = copy(sp.early);
    const coordinates = copy(sp.coordinates);
    const slow = km.alloc(4 * sp.slow.length);
    km.f32(slow, sp.slow.length).set(sp.slow);
    const { options } = sp.plan;
    km.k.configure(
      this.length,
      this.channels,
      p,
      head,
      sp.plan.sections.length,
      settle,
      sp.responses,
      options.detrend ? 1 : 0,
      NORMALIZE_CODES[options.normalize],
      sections,
      taper,
      early,
      coordinates,
      slow,
      km.alloc(4 * Math.max(1, head) * p), // edge
      km.alloc(8 * p * width), // its state
      km.alloc(8 * p * settle), // early corrections
      km.alloc(8 * (width + 2 + p * SLOW_RANK)), // response and slow weights
      km.alloc(8 * p), // means
      km.alloc(8 * p), // slopes
    );
  }

  /** Makes the batch arrays hold `n` windows and `blocks` blocks per channel. */
  private reserveBatch(n: number, blocks: number): void {
    const b = this.batch;
    if (n <= b.n && blocks <= b.blocks) return;
    const { kernels: km, present: p, width } = this;
    const size = this.length * this.channels;
    b.n = Math.max(n, b.n);
    b.blocks = Math.max(blocks, b.blocks);
    b.starts = km.alloc(4 * b.n);
    b.offsets = km.alloc(8 * b.n * p);
    b.states = km.alloc(8 * b.n * p * width);
    b.out = km.alloc(4 * b.n * size);
    b.sums = km.alloc(8 * p * b.blocks);
    b.moments = km.alloc(8 * p * b.blocks);
  }

  /**
   * Windows `from … from + n − 1` as [n, length, channels], channels last: a view on the kernels'
   * memory (no copy), valid until the next `cut`, which reuses it (copy what must outlive it).
   * @throws SeismicError QF_ERR_BAD_TRACE when the range leaves the windows
   */
  cut(from: number, n: number): Float32Array {
    const size = this.length * this.channels;
    if (!(Number.isInteger(from) && Number.isInteger(n) && from >= 0 && n >= 0 && from + n <= this.starts.length)) {
      throw new SeismicError(SEISMIC_ERROR_CODES.badTrace, `windows ${from}…${from + n - 1} of ${this.starts.length}`);
    }
    if (n === 0) return new Float32Array(0);
    const { kernels: km, present: p, width, stream, starts } = this;
    const first = starts[from]!;
    stream.filterTo(starts[from + n - 1]! + this.length, first);
    this.reserveBatch(n, Math.ceil((starts[from + n - 1]! + this.length - first) / BLOCK) + 1);
    const b = this.batch;
    const relative = km.i32(b.starts, n);
    for (let k = 0; k < n; k++) relative[k] = starts[from + k]! - stream.bufferStart;
    km.f64(b.offsets, n * p).set(stream.offsets.subarray(from * p, (from + n) * p));
    km.f64(b.states, n * p * width).set(stream.states.subarray(from * p * width, (from + n) * p * width));
    km.k.cut_windows(n, b.starts, stream.bufferStart, b.offsets, b.states, b.out, b.sums, b.moments, b.blocks);
    return km.f32(b.out, n * size);
  }
}
