/**
 * The band-pass of a continuous trace over the stretches its windows cover, run once per sample and
 * incrementally: `filterTo` advances it as far as the next windows need, and only the samples from the
 * oldest window still to be cut on are kept (a sliding buffer, in the kernels' memory, of the raw
 * samples and of the filtered ones), so memory follows the batch, not the trace. On the way it
 * records, for every window, the filter's state at its start + `head` samples and the constant its run
 * subtracted: what `StreamWindows` turns into per-window results.
 *
 * A window that does not overlap the one before it (after a gap) starts a new run from rest, minus its
 * first sample: any starting state gives the same windows, but a run that starts near its data keeps
 * the stored stream at signal scale (no step from a DC offset or a gap fill for float32 to round).
 */
import type { StreamKernels } from './stream-kernels.js';

/** Initial buffer, frames (grown when a batch spans more). */
const INITIAL_FRAMES = 1 << 16;
/** Raw frames copied in at least at a time: a copy per window (of a hop's samples) costs more than the filtering. */
const RAW_AHEAD = 1 << 13;

export class WindowStreamFilter {
  /** [window, channel]: the constant subtracted in the window's run. */
  readonly offsets: Float64Array;
  /** [window, channel, state variable]: the filter's state at sample start + head of each window. */
  readonly states: Float64Array;
  /** Stream frame of buffer frame 0. */
  bufferStart = 0;
  /** Buffer frames (raw: p channels of `cap` samples, channel-major; filtered: `cap` frames of p). */
  private cap: number;
  private raw = 0;
  private readonly width: number;
  /** Kernel memory: the running state and the current run's offsets. */
  private readonly statePtr: number;
  private readonly offsetPtr: number;
  /** Views on the kernel memory (retaken when it grows or the buffer moves). */
  private fresh = false;
  private rawView!: Float32Array;
  private stateView!: Float64Array;
  private offsetView!: Float64Array;
  /** Next sample to filter, end of the raw samples copied in, end of the current run, next window whose state is not recorded yet. */
  private at = 0;
  private rawEnd = 0;
  private end = -1;
  private next = 0;

  /**
   * @param kernels the kernel instance (configured with the band-pass) whose memory holds the buffer
   * @param data the channels to filter (all the same length, at most as many as the kernels were configured for)
   * @param starts window start samples, increasing
   */
  constructor(
    private readonly kernels: StreamKernels,
    private readonly data: readonly Float32Array[],
    private readonly starts: Int32Array,
    private readonly length: number,
    private readonly head: number,
    sections: number,
  ) {
    const p = data.length;
    this.width = 2 * sections;
    this.offsets = new Float64Array(starts.length * p);
    this.states = new Float64Array(starts.length * p * this.width);
    this.statePtr = kernels.alloc(8 * p * this.width);
    this.offsetPtr = kernels.alloc(8 * p);
    this.cap = Math.max(1, Math.min(INITIAL_FRAMES, data[0]?.length ?? 0));
    this.allocate();
  }

  /**
   * Filters on until every sample before `target` that a window covers is in the buffer and every
   * window whose state point lies before it has its state recorded, dropping what lies before `keep`
   * (a window start: nothing earlier is read again). A `keep` before what was already dropped starts
   * the stream over.
   */
  filterTo(target: number, keep: number): void {
    if (keep + this.head < this.bufferStart) this.restart();
    const { starts, head, length } = this;
    const p = this.data.length;
    while (this.next < starts.length && starts[this.next]! + head <= target) {
      const s = starts[this.next]!;
      if (s >= this.end) {
        if (this.end > this.at) this.advance(this.end, keep);
        this.views().stateView.fill(0);
        for (let c = 0; c < p; c++) this.offsetView[c] = this.data[c]![s]!;
        this.at = s;
      }
      this.advance(s + head, keep);
      this.states.set(this.views().stateView, this.next * p * this.width);
      this.offsets.set(this.offsetView, this.next * p);
      this.end = s + length;
      this.next++;
    }
    // Windows recorded so far end by `end`; later ones have their state points past `target`.
    const to = Math.min(target, this.end);
    if (to > this.at) this.advance(to, keep);
  }

  private restart(): void {
    this.at = 0;
    this.rawEnd = 0;
    this.end = -1;
    this.next = 0;
    this.bufferStart = 0;
  }

  /**
   * Filters the raw samples [at, to) into the buffer, making room by dropping frames before `keep`;
   * raw samples are copied in `RAW_AHEAD` frames at a time (never those of a gap the stream skips).
   */
  private advance(to: number, keep: number): void {
    this.reserve(to, keep);
    if (to > this.rawEnd) {
      const from = Math.max(this.rawEnd, this.at);
      const until = Math.min(this.data[0]!.length, this.bufferStart + this.cap, Math.max(to, from + RAW_AHEAD));
      const raw = this.views().rawView;
      this.data.forEach((x, c) => raw.set(x.subarray(from, until), c * this.cap + from - this.bufferStart));
      this.rawEnd = until;
    }
    this.kernels.k.stream_advance(this.at - this.bufferStart, to - this.at, this.offsetPtr, this.statePtr);
    this.at = to;
  }

  /** Makes the buffer hold frames up to `to`, keeping those from `keep` (and whatever is filtered after). */
  private reserve(to: number, keep: number): void {
    if (to - this.bufferStart <= this.cap) return;
    const p = this.data.length;
    // Nothing before `keep` is read again, and nothing before `at` is filtered again.
    const from = Math.max(this.bufferStart, Math.min(keep, this.at));
    const shift = from - this.bufferStart;
    const kept = this.at - from;
    const rawKept = Math.max(0, this.rawEnd - from);
    const old = { raw: this.raw, cap: this.cap };
    if (to - from > this.cap) {
      this.cap = Math.max(to - from, 2 * this.cap);
      this.allocate();
    }
    // Channel by channel for the raw samples, then the interleaved filtered frames (after them).
    const bytes = new Uint8Array(this.kernels.k.memory.buffer);
    for (let c = 0; c < p; c++) {
      const src = old.raw + 4 * (c * old.cap + shift);
      bytes.copyWithin(this.raw + 4 * c * this.cap, src, src + 4 * rawKept);
    }
    const oldStream = old.raw + 4 * p * old.cap;
    bytes.copyWithin(this.raw + 4 * p * this.cap, oldStream + 4 * p * shift, oldStream + 4 * p * (shift + kept));
    this.bufferStart = from;
  }

  /** Lays out a buffer of `cap` frames (raw, then filtered) and tells the kernels. */
  private allocate(): void {
    const p = this.data.length;
    this.raw = this.kernels.alloc(8 * p * this.cap);
    this.kernels.k.set_buffers(this.raw, this.raw + 4 * p * this.cap, this.cap);
    this.fresh = false;
  }

  /** The views, retaken when the kernel memory has grown or the buffer moved. */
  private views(): this {
    if (!this.fresh || !this.kernels.holds(this.rawView.buffer)) {
      const p = this.data.length;
      this.fresh = true;
      this.rawView = this.kernels.f32(this.raw, p * this.cap);
      this.stateView = this.kernels.f64(this.statePtr, p * this.width);
      this.offsetView = this.kernels.f64(this.offsetPtr, p);
    }
    return this;
  }
}
