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
 */
import { filterInterleaved, filterInPlace } from './dsp/biquad.js';
import { WindowStreamFilter } from './stream-filter.js';
import { SEISMIC_ERROR_CODES, SeismicError } from './errors.js';
import { normalizeWindow, planFor, scaleWindow, type PreprocessOptions, type WindowPlan } from './preprocess.js';

/** Whether `StreamWindows` can make the windows these options describe (causal filtering only). */
export function streamPreprocessingSupported(options: PreprocessOptions = {}): boolean {
  return options.zeroPhase !== true;
}

/** Slow responses the long stretch of a window is written on (padded with zeros below it). */
const SLOW_RANK = 4;
/** Relative residual allowed when a response's tail is written on the slow responses. */
const SETTLED = 1e-10;
/** Samples per block of the running sums a window's mean and slope are assembled from. */
const BLOCK = 32;

/**
 * Per-shape constants: the responses that turn a stream-filtered stretch into a per-window one.
 * Past `settle` samples the fast (low-pass) modes of every response have died out and what is left lies
 * in the span of the slow (high-pass) ones: there each response is replaced by its coordinates on
 * `SLOW_RANK` slow responses, so the long stretch costs `SLOW_RANK` multiply-adds per sample instead of
 * one per response. When no such fit exists (more slow modes), `settle` is the whole span.
 */
interface StreamPlan {
  plan: WindowPlan;
  /** Taper length m; responses are `length − m` long. */
  head: number;
  /** Responses (`settle` samples each): one per state variable, then a unit step, then the ramp j. */
  early: Float64Array[];
  settle: number;
  /** The slow responses from `settle` on, interleaved: slow[j · SLOW_RANK + r]. */
  slow: Float64Array;
  /** Each response's coordinates on the slow responses (`SLOW_RANK` each). */
  coordinates: Float64Array[];
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
  const slow = new Float64Array((span - settle) * SLOW_RANK);
  for (let r = 0; r < rank; r++) responses[r]!.subarray(settle).forEach((v, j) => (slow[j * SLOW_RANK + r] = v));
  const p: StreamPlan = { plan, head, early: responses.map((r) => r.slice(0, settle)), settle, slow, coordinates };
  streamPlans.set(plan, p);
  return p;
}

/**
 * The windows of one continuous trace at given start samples, each preprocessed exactly as
 * `preprocessWindow` preprocesses the raw window (within float rounding; tested against it). `cut`
 * writes windows batch by batch, filtering the stream as far as they need (`WindowStreamFilter`);
 * batches in increasing order touch every sample once, and memory follows the batch, not the trace.
 * Channels beyond the trace's (a Z-only station's N and E) are zeros, as `copyWindow` makes them.
 */
export class StreamWindows {
  private readonly sp: StreamPlan;
  /** Trace channels the windows use. */
  private readonly present: number;
  /** The band-pass over the stream, advanced batch by batch. */
  private readonly stream: WindowStreamFilter;
  /** Per channel, per block of `BLOCK` samples: Σ x and Σ (i − block start) · x. */
  private readonly blockSums: Float64Array[];
  private readonly blockMoments: Float64Array[];
  // Scratch of `cut`.
  private readonly edge: Float32Array;
  private readonly edgeState: Float64Array;
  private readonly means: Float64Array;
  private readonly slopes: Float64Array;
  /** Weights of the responses in one window's correction: state differences, then step and ramp. */
  private readonly weights: Float64Array;
  /** Per channel: the window's early correction (`settle` values) and its slow-response weights. */
  private readonly correction: Float64Array;
  private readonly slowWeights: Float64Array;

  /**
   * @param data the trace's channels (Z, N, E order), all the same length
   * @param starts window start samples, increasing, each window inside the data
   * @throws SeismicError QF_ERR_BAD_OPTIONS for zero-phase options; QF_ERR_BAD_TRACE for bad starts
   */
  constructor(
    private readonly data: readonly Float32Array[],
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
    this.sp = streamPlanFor(planFor(length, channels, sampleRate, options));
    const p = (this.present = Math.min(channels, data.length));
    const width = 2 * this.sp.plan.sections.length;
    this.stream = new WindowStreamFilter(data.slice(0, p), starts, length, this.sp.head, this.sp.plan.sections);
    this.blockSums = [];
    this.blockMoments = [];
    for (let c = 0; c < p; c++) this.sumBlocks(data[c]!);
    this.edge = new Float32Array(Math.max(1, this.sp.head) * p); // never empty: `writeThree` reads edge[0] × 0
    this.edgeState = new Float64Array(p * width);
    this.means = new Float64Array(p);
    this.slopes = new Float64Array(p);
    this.correction = new Float64Array(p * this.sp.settle);
    this.weights = new Float64Array(width + 2);
    this.slowWeights = new Float64Array(p * SLOW_RANK);
  }

  /** Number of windows. */
  get count(): number {
    return this.starts.length;
  }

  private sumBlocks(x: Float32Array): void {
    const blocks = Math.ceil(x.length / BLOCK);
    const sums = new Float64Array(blocks);
    const moments = new Float64Array(blocks);
    for (let b = 0; b < blocks; b++) {
      let s = 0;
      let m = 0;
      for (let i = b * BLOCK, t = 0, end = Math.min(x.length, i + BLOCK); i < end; i++, t++) {
        s += x[i]!;
        m += t * x[i]!;
      }
      sums[b] = s;
      moments[b] = m;
    }
    this.blockSums.push(sums);
    this.blockMoments.push(moments);
  }

  /**
   * Writes windows `from … from + n − 1` into `out` as [n, length, channels], channels last.
   * @throws SeismicError QF_ERR_BAD_TRACE when `out` is too short or the range leaves the windows
   */
  cut(from: number, n: number, out: Float32Array): void {
    const size = this.length * this.channels;
    if (!(from >= 0 && n >= 0 && from + n <= this.starts.length) || out.length < n * size) {
      throw new SeismicError(
        SEISMIC_ERROR_CODES.badTrace,
        `windows ${from}…${from + n - 1} of ${this.starts.length} need ${n * size} samples of output, got ${out.length}`,
      );
    }
    if (n === 0) return;
    this.stream.filterTo(this.starts[from + n - 1]! + this.length, this.starts[from]!);
    const mode = this.sp.plan.options.normalize;
    for (let k = 0; k < n; k++) {
      const o = k * size;
      const [sum, squares] = this.cutWindow(from + k, out, o);
      for (let c = this.present; c < this.channels; c++) {
        for (let t = 0; t < this.length; t++) out[o + t * this.channels + c] = 0;
      }
      if (mode !== 'std') normalizeWindow(out, o, size, mode);
      else scaleWindow(out, o, size, Math.sqrt(Math.max(0, squares / size - (sum / size) ** 2)));
    }
  }

  /** Mean and least-squares slope of channel `c` of the window at `s`, minus `offset`, into means / slopes. */
  private trend(c: number, s: number, offset: number): void {
    const x = this.data[c]!;
    const { length } = this;
    // Whole blocks from the running sums, the ragged ends sample by sample.
    const first = Math.min(Math.ceil(s / BLOCK) * BLOCK, s + length);
    const last = Math.max(Math.floor((s + length) / BLOCK) * BLOCK, first);
    let sum = 0;
    let moment = 0;
    for (let i = s; i < first; i++) {
      sum += x[i]!;
      moment += (i - s) * x[i]!;
    }
    const sums = this.blockSums[c]!;
    const moments = this.blockMoments[c]!;
    for (let b = first / BLOCK, e = last / BLOCK; b < e; b++) {
      sum += sums[b]!;
      moment += moments[b]! + (b * BLOCK - s) * sums[b]!;
    }
    for (let i = last; i < s + length; i++) {
      sum += x[i]!;
      moment += (i - s) * x[i]!;
    }
    const tMean = (length - 1) / 2;
    this.means[c] = sum / length - offset;
    this.slopes[c] =
      this.sp.plan.options.detrend && length > 1 ? (moment - tMean * sum) / ((length * (length * length - 1)) / 12) : 0;
  }

  /**
   * Fills `edge` with the detrended samples of window `k` (at `s`) from `from` on, times the taper's
   * rising weights (`tail` false) or its falling weights minus one (`tail` true).
   */
  private edgeInput(s: number, k: number, from: number, tail: boolean): void {
    const { present: p, length, edge } = this;
    const { head, plan } = this.sp;
    const w = plan.taper;
    const tMean = (length - 1) / 2;
    for (let c = 0; c < p; c++) {
      const x = this.data[c]!;
      const shift = this.stream.offsets[k * p + c]! + this.means[c]!;
      const slope = this.slopes[c]!;
      for (let t = 0; t < head; t++) {
        const weight = tail ? w[head - 1 - t]! - 1 : w[t]!;
        edge[t * p + c] = weight * (x[s + from + t]! - shift - slope * (from + t - tMean));
      }
    }
  }

  /**
   * The trace channels of window `k`, written interleaved at `o` of `out` before normalisation.
   * Returns the sum and the sum of squares of what it wrote (for the normalisation, without another pass).
   */
  private cutWindow(k: number, out: Float32Array, o: number): [number, number] {
    const { length, channels, present: p } = this;
    const { plan, head } = this.sp;
    const s = this.starts[k]!;
    const { edge, edgeState } = this;
    for (let c = 0; c < p; c++) this.trend(c, s, this.stream.offsets[k * p + c]!);
    let sum = 0;
    let squares = 0;

    // Head: the tapered first m samples filtered from rest, exactly as per window.
    this.edgeInput(s, k, 0, false);
    edgeState.fill(0);
    filterInterleaved(edge, plan.sections, 0, p, head, false, edgeState);
    for (let t = 0; t < head; t++) {
      for (let c = 0; c < p; c++) {
        const v = edge[t * p + c]!;
        out[o + t * channels + c] = v;
        sum += v;
        squares += v * v;
      }
    }
    // Tail: the taper of the last m samples, a correction filtered from rest where it starts (into
    // `edge`, now free), added past the head.
    this.edgeInput(s, k, length - head, true);
    filterInterleaved(edge, plan.sections, 0, p, head);

    for (let c = 0; c < p; c++) this.correct(k, c);
    const [rest, restSquares] = p === 3 && channels === 3 ? this.writeThree(s, out, o) : this.writeChannels(s, out, o);
    return [sum + rest, squares + restSquares];
  }

  /**
   * Past the head, channel `c` of window `k` is the stream corrected by the responses to the difference
   * of states and to the window's own mean and slope (the stream saw neither the detrending nor the
   * head's taper): fills the channel's early correction (tail included) and its slow-response weights.
   */
  private correct(k: number, c: number): void {
    const { length, present: p, edge, edgeState, weights } = this;
    const { plan, head, early, settle, coordinates } = this.sp;
    const width = 2 * plan.sections.length;
    const states = this.stream.states;
    const tMean = (length - 1) / 2;
    const tailFrom = length - 2 * head;
    for (let q = 0; q < width; q++) weights[q] = edgeState[c * width + q]! - states[(k * p + c) * width + q]!;
    weights[width] = -(this.means[c]! + this.slopes[c]! * (head - tMean));
    weights[width + 1] = -this.slopes[c]!;
    const corr = this.correction.subarray(c * settle, (c + 1) * settle).fill(0);
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let v = 0; v < weights.length; v++) {
      const d = weights[v]!;
      const r = early[v]!;
      for (let j = 0; j < settle; j++) corr[j]! += d * r[j]!;
      const xy = coordinates[v]!;
      d0 += d * xy[0]!;
      d1 += d * xy[1]!;
      d2 += d * xy[2]!;
      d3 += d * xy[3]!;
    }
    for (let j = Math.max(tailFrom, 0); j < settle; j++) corr[j]! += edge[(j - tailFrom) * p + c]!;
    this.slowWeights.set([d0, d1, d2, d3], c * SLOW_RANK);
  }

  /**
   * Writes the corrected stream past the head, channel by channel (any channel counts). SLOW_RANK
   * multiply-adds are written out: V8 runs a nested loop over them several times slower.
   */
  private writeChannels(s: number, out: Float32Array, o: number): [number, number] {
    const { length, channels, present: p, edge } = this;
    const { head, settle, slow } = this.sp;
    const { buffer: filtered, bufferStart } = this.stream;
    const span = length - head;
    const tailFrom = span - head;
    const plainEnd = Math.max(settle, tailFrom);
    let sum = 0;
    let squares = 0;
    for (let c = 0; c < p; c++) {
      const corr = this.correction.subarray(c * settle, (c + 1) * settle);
      const [d0, d1, d2, d3] = this.slowWeights.subarray(c * SLOW_RANK, (c + 1) * SLOW_RANK) as unknown as [
        number,
        number,
        number,
        number,
      ];
      let i = (s + head - bufferStart) * p + c;
      let at = o + head * channels + c;
      for (let j = 0; j < settle; j++, i += p, at += channels) {
        const v = filtered[i]! + corr[j]!;
        out[at] = v;
        sum += v;
        squares += v * v;
      }
      let b = 0;
      for (let j = settle; j < plainEnd; j++, b += SLOW_RANK, i += p, at += channels) {
        const v = filtered[i]! + d0 * slow[b]! + d1 * slow[b + 1]! + d2 * slow[b + 2]! + d3 * slow[b + 3]!;
        out[at] = v;
        sum += v;
        squares += v * v;
      }
      for (
        let j = plainEnd, e = (j - tailFrom) * p + c;
        j < span;
        j++, e += p, b += SLOW_RANK, i += p, at += channels
      ) {
        const v = filtered[i]! + d0 * slow[b]! + d1 * slow[b + 1]! + d2 * slow[b + 2]! + d3 * slow[b + 3]! + edge[e]!;
        out[at] = v;
        sum += v;
        squares += v * v;
      }
    }
    return [sum, squares];
  }

  /**
   * `writeChannels` for three trace channels into three window channels, all three per frame: each
   * slow response is read once for the three, and the frame's samples sit side by side in both arrays.
   */
  private writeThree(s: number, out: Float32Array, o: number): [number, number] {
    const { length, edge } = this;
    const { head, settle, slow } = this.sp;
    const { buffer: filtered, bufferStart } = this.stream;
    const corr = this.correction;
    const w = this.slowWeights;
    const [x0, x1, x2, x3, y0, y1, y2, y3, z0, z1, z2, z3] = w as unknown as number[];
    const span = length - head;
    const tailFrom = span - head;
    let sum = 0;
    let squares = 0;
    let i = (s + head - bufferStart) * 3;
    let at = o + head * 3;
    for (let j = 0; j < settle; j++, i += 3, at += 3) {
      const u = filtered[i]! + corr[j]!;
      const v = filtered[i + 1]! + corr[settle + j]!;
      const t = filtered[i + 2]! + corr[2 * settle + j]!;
      out[at] = u;
      out[at + 1] = v;
      out[at + 2] = t;
      sum += u + v + t;
      squares += u * u + v * v + t * t;
    }
    // Before the tail, then through it (`tail` = 1 adds the tail's correction from `edge`).
    const plainEnd = Math.max(settle, tailFrom);
    for (let tail = 0, j = settle, b = 0; tail < 2; tail++) {
      // Before the tail `e` is pinned at 0: edge[0] times 0 adds nothing.
      for (
        let end = tail ? span : plainEnd, e = tail * (j - tailFrom) * 3;
        j < end;
        j++, b += SLOW_RANK, i += 3, at += 3, e += 3 * tail
      ) {
        const m0 = slow[b]!;
        const m1 = slow[b + 1]!;
        const m2 = slow[b + 2]!;
        const m3 = slow[b + 3]!;
        const u = filtered[i]! + x0! * m0 + x1! * m1 + x2! * m2 + x3! * m3 + tail * edge[e]!;
        const v = filtered[i + 1]! + y0! * m0 + y1! * m1 + y2! * m2 + y3! * m3 + tail * edge[e + 1]!;
        const t = filtered[i + 2]! + z0! * m0 + z1! * m1 + z2! * m2 + z3! * m3 + tail * edge[e + 2]!;
        out[at] = u;
        out[at + 1] = v;
        out[at + 2] = t;
        sum += u + v + t;
        squares += u * u + v * v + t * t;
      }
    }
    return [sum, squares];
  }
}
