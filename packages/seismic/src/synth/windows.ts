/**
 * Labelled training windows generated directly (no long stream): every window gets its own noise,
 * run through the filters for `warmupSeconds` first, at a random time of day, plus at most one event:
 * - positive (label 1): a local quake whose P arrival lies at a uniform offset in `pOffsetRangeSeconds`
 *   (default 1–7 s of a 30 s window), drawn from the profile's seismicity with P SNR ≥ `minSnr`
 *   (catalogue-like: only detectable events are labelled);
 * - offset quake (label 0, a share `offsetQuakeShare` of the negatives): a local quake drawn like a positive whose P
 *   lies outside the label span — before the window (the window holds its S and coda) or in its last
 *   seconds. Without them a model never sees a quake anywhere but where the label rule puts its P, and
 *   scores the windows around it (the S, the coda, a P about to arrive) as high as the P windows,
 *   which dates detections late;
 * - hard negative (label 0): a vehicle, footsteps, glitch, teleseism, noise burst or boxcar overlapping the window;
 * - plain noise (label 0).
 * A share `partialShare` of the windows, of every kind, is cut short: only its first
 * `minPartialSeconds` … `windowSeconds` seconds are data (`preprocessPartialWindow`), as in the
 * partial windows detection scores at the end of a trace.
 * No other negative window holds local-quake energy. Windows go through `preprocessWindow`, the same
 * function `windowTrace` applies in detection.
 */
import { LABELLED_DEFAULTS, WINDOW_DEFAULTS } from '../defaults.js';
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';
import { preprocessPartialWindow, preprocessWindow, type PreprocessOptions } from '../preprocess.js';
import { createRng, type Rng } from '../random.js';
import type { WindowKind, WindowMeta, WindowSet } from '../types.js';
import { copyWindow, type ZOnlyPolicy } from '../windowing.js';
import { stationId, type StationProfile } from './profile.js';
import { addComponents, drawHardNegative, drawQuake, stationModel, type StationModel } from './station.js';
import { sampleHardNegativeKind } from './transients.js';
import { applyInstrument } from './instrument.js';

/** Options of `makeLabelledWindows`; defaults in `LABELLED_DEFAULTS` and `WINDOW_DEFAULTS`. */
export interface LabelledWindowOptions {
  /** Number of windows; or give `durationSeconds` (count = floor(durationSeconds / hopSeconds)). */
  count?: number;
  durationSeconds?: number;
  windowSeconds?: number;
  hopSeconds?: number;
  /** Negatives per positive (1000 → 1:1000), or 'profile' for the station's own quake rate
   *  (positives ≈ count · quakeRatePerDay · hopSeconds / 86400; a quake-free station gets none). */
  imbalance?: number | 'profile';
  /** Share of negatives holding a hard negative, or 'profile' (from hardNegativeRatePerHour). */
  hardNegativeShare?: number | 'profile';
  /** Share of all windows cut short like the partial windows at a trace's end (see `LABELLED_DEFAULTS.partialShare`). */
  partialShare?: number;
  /** Share of negatives holding an offset quake (see the module comment and `LABELLED_DEFAULTS.offsetQuakeShare`). */
  offsetQuakeShare?: number;
  /** Minimum P-wave SNR of positives. */
  minSnr?: number;
  /**
   * SNR-balanced positives: each drawn quake is rescaled to a P-wave SNR log-uniform in this range
   * instead of keeping its catalogue SNR. Catalogue draws (Gutenberg–Richter) are nearly all weak, so
   * a model trained on them alone never sees the strong, impulsive onsets of near or large events and
   * takes them for glitches. Undefined: catalogue SNRs.
   */
  positiveSnrRange?: readonly [number, number];
  pOffsetRangeSeconds?: readonly [number, number];
  /** Window start times are spread uniformly over [startTime, startTime + spanSeconds). */
  startTime?: number;
  spanSeconds?: number;
  warmupSeconds?: number;
  channels?: number;
  zOnlyPolicy?: ZOnlyPolicy;
  preprocess?: PreprocessOptions;
  seed: number;
}

type Resolved = typeof LABELLED_DEFAULTS & typeof WINDOW_DEFAULTS & LabelledWindowOptions;

interface WindowCounts {
  count: number;
  positives: number;
  hardShare: number;
  offsetShare: number;
}

function resolveCounts(profile: StationProfile, o: Resolved): WindowCounts {
  const bad = (m: string): never => {
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, m);
  };
  if (o.count !== undefined && o.durationSeconds !== undefined) bad('give either count or durationSeconds, not both');
  const count =
    o.count ?? Math.floor((o.durationSeconds ?? bad('count or durationSeconds is required')) / o.hopSeconds);
  if (!Number.isInteger(count) || count < 1) bad(`window count must be a positive integer, got ${count}`);
  const [pMin, pMax] = o.pOffsetRangeSeconds;
  if (!(pMin >= 0 && pMax > pMin && pMax <= o.windowSeconds))
    bad(`pOffsetRangeSeconds [${pMin}, ${pMax}] must lie in [0, windowSeconds]`);
  if (o.positiveSnrRange && !(o.positiveSnrRange[0] > 0 && o.positiveSnrRange[1] >= o.positiveSnrRange[0])) {
    bad(`positiveSnrRange [${o.positiveSnrRange.join(', ')}] must satisfy 0 < min ≤ max`);
  }
  let positives: number;
  if (o.imbalance === 'profile') positives = Math.round((count * profile.quakeRatePerDay * o.hopSeconds) / 86400);
  else if (o.imbalance >= 0) positives = Math.round(count / (1 + o.imbalance));
  else return bad(`imbalance must be ≥ 0 or 'profile', got ${o.imbalance}`);
  const hardShare =
    o.hardNegativeShare === 'profile'
      ? Math.min(
          LABELLED_DEFAULTS.maxHardShare,
          Math.max(
            LABELLED_DEFAULTS.minHardShare,
            (profile.hardNegativeRatePerHour * (o.windowSeconds + LABELLED_DEFAULTS.typicalTransientSeconds)) / 3600,
          ),
        )
      : o.hardNegativeShare;
  if (!(hardShare >= 0 && hardShare <= 1)) bad(`hardNegativeShare must be in [0, 1], got ${hardShare}`);
  if (!(o.partialShare >= 0 && o.partialShare <= 1)) bad(`partialShare must be in [0, 1], got ${o.partialShare}`);
  const offsetShare = o.offsetQuakeShare;
  if (!(offsetShare >= 0 && offsetShare + hardShare <= 1))
    bad(
      `offsetQuakeShare must be ≥ 0 with hardNegativeShare + offsetQuakeShare ≤ 1, got ${offsetShare} + ${hardShare}`,
    );
  return { count, positives, hardShare, offsetShare };
}

/** The kinds of all windows, in a seeded random order. */
function planKinds(
  rng: Rng,
  { count, positives, hardShare, offsetShare }: WindowCounts,
  profile: StationProfile,
): WindowKind[] {
  // Offset quakes accompany a station's quakes: a station without positives gets none.
  const offset = positives > 0 ? Math.round((count - positives) * offsetShare) : 0;
  const hard = Math.round((count - positives) * hardShare);
  const kinds: WindowKind[] = [];
  for (let i = 0; i < count; i++) {
    if (i < positives) kinds.push('quake');
    else if (i < positives + offset) kinds.push('offset-quake');
    else if (i < positives + offset + hard) kinds.push(sampleHardNegativeKind(rng, profile.hardNegativeMix));
    else kinds.push('noise');
  }
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds;
}

/** Where an offset quake's P lies, seconds after the window start (see `LABELLED_DEFAULTS.offsetQuake`). */
function offsetQuakeSeconds(rng: Rng, o: Resolved): number {
  const { leadSeconds, marginSeconds } = LABELLED_DEFAULTS.offsetQuake;
  const early = o.pOffsetRangeSeconds[0] - marginSeconds + leadSeconds;
  const late = Math.max(0, o.windowSeconds - o.pOffsetRangeSeconds[1] - marginSeconds);
  const u = rng.uniform(0, early + late);
  return u < early ? u - leadSeconds : o.pOffsetRangeSeconds[1] + marginSeconds + (u - early);
}

/** Synthesizes one raw window (counts) of `kind` into `buffers` (warm-up + window) and returns its meta. */
function synthesizeWindow(
  rng: Rng,
  model: StationModel,
  kind: WindowKind,
  startMs: number,
  o: Resolved,
  buffers: Float32Array[],
  warm: number,
): WindowMeta {
  const p = model.profile;
  const fs = p.sampleRate;
  model.noiseGenerators(rng).forEach((g, c) => g.fill(buffers[c]!, startMs - (warm / fs) * 1000));
  const meta: WindowMeta = { stationId: stationId(p), startTime: startMs, label: 0, kind, labelSource: 'synthetic' };
  if (kind === 'quake' || kind === 'offset-quake') {
    const offsetSeconds =
      kind === 'quake' ? rng.uniform(o.pOffsetRangeSeconds[0], o.pOffsetRangeSeconds[1]) : offsetQuakeSeconds(rng, o);
    const at = warm + Math.round(offsetSeconds * fs);
    const q = drawQuake(rng, model, startMs + ((at - warm) / fs) * 1000, o.minSnr);
    let scale = 1;
    if (o.positiveSnrRange) {
      const [lo, hi] = o.positiveSnrRange;
      scale = (lo * (hi / lo) ** rng.next()) / q.truth.snr;
    }
    addComponents(buffers, q.waveform.data, at, p.gain * scale);
    Object.assign(meta, {
      label: kind === 'quake' ? 1 : 0,
      pArrivalOffsetSeconds: (at - warm) / fs,
      magnitude: q.truth.magnitude,
      distanceKm: q.truth.distanceKm,
      snr: q.truth.snr * scale,
    });
  } else if (kind !== 'noise') {
    const onsetSeconds = rng.uniform(
      -LABELLED_DEFAULTS.maxLeadSeconds,
      LABELLED_DEFAULTS.lastOnsetFraction * o.windowSeconds,
    );
    const at = warm + Math.round(onsetSeconds * fs);
    const h = drawHardNegative(rng, model, kind, startMs + onsetSeconds * 1000);
    addComponents(buffers, h.data, at, p.gain);
  }
  applyInstrument(buffers, p.instrument, fs, rng);
  return meta;
}

/** What `makeLabelledWindows` will generate for these options: the window count, how many are
 *  positive, and every window's kind in order (cheap: nothing is synthesized). */
export function planLabelledWindows(
  profile: StationProfile,
  options: LabelledWindowOptions,
): { count: number; positives: number; kinds: WindowKind[] } {
  const o: Resolved = { ...WINDOW_DEFAULTS, ...LABELLED_DEFAULTS, ...options };
  const counts = resolveCounts(profile, o);
  const kinds = planKinds(createRng(o.seed).fork(), counts, profile);
  return { count: counts.count, positives: counts.positives, kinds };
}

/**
 * Generates a labelled `WindowSet` for one station: deterministic for a given profile and options.
 * `meta[i]` describes window i (kind, label source, and for positives P offset, magnitude, distance,
 * SNR).
 */
export function makeLabelledWindows(profile: StationProfile, options: LabelledWindowOptions): WindowSet {
  const o: Resolved = { ...WINDOW_DEFAULTS, ...LABELLED_DEFAULTS, ...options };
  const { count, kinds } = planLabelledWindows(profile, options);
  const rng = createRng(o.seed);
  rng.fork(); // the plan's stream
  const partialRng = rng.fork();
  const model = stationModel(profile);
  const fs = profile.sampleRate;
  const length = Math.round(o.windowSeconds * fs);
  const minKept = Math.round(o.minPartialSeconds * fs);
  const warm = Math.round(o.warmupSeconds * fs);
  const span = o.spanSeconds ?? Math.max(86400, count * o.hopSeconds);
  const buffers = model.channels.map(() => new Float32Array(warm + length));
  const x = new Float32Array(count * length * o.channels);
  const labels = new Uint8Array(count);
  const meta: WindowMeta[] = [];
  for (let i = 0; i < count; i++) {
    const startMs = o.startTime + Math.floor(rng.next() * span * fs) * (1000 / fs);
    const m = synthesizeWindow(rng, model, kinds[i]!, startMs, o, buffers, warm);
    copyWindow({ data: buffers }, warm, length, x, i, o.channels, o.zOnlyPolicy);
    const window = x.subarray(i * length * o.channels, (i + 1) * length * o.channels);
    if (partialRng.next() < o.partialShare && minKept < length) {
      const kept = minKept + Math.floor(partialRng.next() * (length - minKept));
      preprocessPartialWindow(window, length, kept, o.channels, fs, o.preprocess);
      m.keptSeconds = kept / fs;
    } else {
      preprocessWindow(window, length, o.channels, fs, o.preprocess);
    }
    labels[i] = m.label;
    meta.push(m);
  }
  return { x, labels, count, length, channels: o.channels, meta };
}
