/**
 * The band-pass of a continuous trace over the stretches its windows cover, run once per sample and
 * incrementally: `filterTo` advances it as far as the next windows need, and only the samples from the
 * oldest window still to be cut on are kept (a sliding buffer), so memory follows the batch, not the
 * trace. On the way it records, for every window, the filter's state at its start + `head` samples and
 * the constant its run subtracted: what `StreamWindows` turns into per-window results.
 *
 * A window that does not overlap the one before it (after a gap) starts a new run from rest, minus its
 * first sample: any starting state gives the same windows, but a run that starts near its data keeps
 * the stored stream at signal scale (no step from a DC offset or a gap fill for float32 to round).
 */
import { filterInterleaved, type Biquad } from './dsp/biquad.js';

/** Initial buffer, frames (grown when a batch spans more). */
const INITIAL_FRAMES = 1 << 16;

export class WindowStreamFilter {
  /** [window, channel]: the constant subtracted in the window's run. */
  readonly offsets: Float64Array;
  /** [window, channel, state variable]: the filter's state at sample start + head of each window. */
  readonly states: Float64Array;
  /** [frame, channel]: filtered samples from stream sample `bufferStart` on. */
  buffer: Float32Array;
  bufferStart = 0;
  private readonly width: number;
  private readonly state: Float64Array;
  private readonly offset: Float64Array;
  /** Next sample to filter, end of the current run, next window whose state is not recorded yet. */
  private at = 0;
  private end = -1;
  private next = 0;

  /**
   * @param data the channels to filter (all the same length)
   * @param starts window start samples, increasing
   */
  constructor(
    private readonly data: readonly Float32Array[],
    private readonly starts: Int32Array,
    private readonly length: number,
    private readonly head: number,
    private readonly sections: readonly Biquad[],
  ) {
    const p = data.length;
    this.width = 2 * sections.length;
    this.offsets = new Float64Array(starts.length * p);
    this.states = new Float64Array(starts.length * p * this.width);
    this.state = new Float64Array(p * this.width);
    this.offset = new Float64Array(p);
    this.buffer = new Float32Array(Math.min(INITIAL_FRAMES, data[0]?.length ?? 0) * p);
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
        this.state.fill(0);
        for (let c = 0; c < p; c++) this.offset[c] = this.data[c]![s]!;
        this.at = s;
      }
      this.advance(s + head, keep);
      this.states.set(this.state, this.next * p * this.width);
      this.offsets.set(this.offset, this.next * p);
      this.end = s + length;
      this.next++;
    }
    // Windows recorded so far end by `end`; later ones have their state points past `target`.
    const to = Math.min(target, this.end);
    if (to > this.at) this.advance(to, keep);
  }

  private restart(): void {
    this.at = 0;
    this.end = -1;
    this.next = 0;
    this.bufferStart = 0;
  }

  /** Filters [at, to) into the buffer, making room by dropping frames before `keep`. */
  private advance(to: number, keep: number): void {
    const p = this.data.length;
    this.reserve(to, keep);
    const base = this.bufferStart;
    for (let c = 0; c < p; c++) {
      const x = this.data[c]!;
      const off = this.offset[c]!;
      for (let i = this.at, o = (this.at - base) * p + c; i < to; i++, o += p) this.buffer[o] = x[i]! - off;
    }
    filterInterleaved(this.buffer, this.sections, (this.at - base) * p, p, to - this.at, false, this.state);
    this.at = to;
  }

  /** Makes the buffer hold frames up to `to`, keeping those from `keep` (and whatever is filtered after). */
  private reserve(to: number, keep: number): void {
    const p = this.data.length;
    if ((to - this.bufferStart) * p <= this.buffer.length) return;
    // Nothing before `keep` is read again, and nothing before `at` is filtered again.
    const from = Math.max(this.bufferStart, Math.min(keep, this.at));
    const frames = Math.max(to - from, 1);
    if (frames * p > this.buffer.length) {
      const grown = new Float32Array(Math.max(frames, 2 * (this.buffer.length / p)) * p);
      grown.set(this.buffer.subarray((from - this.bufferStart) * p, (this.at - this.bufferStart) * p));
      this.buffer = grown;
    } else {
      this.buffer.copyWithin(0, (from - this.bufferStart) * p, (this.at - this.bufferStart) * p);
    }
    this.bufferStart = from;
  }
}
