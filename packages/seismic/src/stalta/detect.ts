/** STA/LTA as a complete baseline detector on a trace: band-pass, recursive STA/LTA on the vertical
 *  component, trigger on/off → detection times (epoch ms of trigger onsets). */
import { STALTA_DEFAULTS } from '../defaults.js';
import { preprocessTrace, type PreprocessOptions } from '../preprocess.js';
import type { Trace } from '../types.js';
import { classicStaLta, recursiveStaLta, triggerOnsets } from './stalta.js';

/** Options of `staLtaDetect`; defaults in `STALTA_DEFAULTS`. */
export interface StaLtaOptions {
  staSeconds?: number;
  ltaSeconds?: number;
  on?: number;
  off?: number;
  method?: 'recursive' | 'classic';
  preprocess?: PreprocessOptions;
}

/** Trigger onsets (epoch ms) of an STA/LTA detector on channel 0 (Z) of `trace`. */
export function staLtaDetect(trace: Trace, options: StaLtaOptions = {}): number[] {
  const o = { ...STALTA_DEFAULTS, ...options };
  const z = preprocessTrace(
    { ...trace, data: trace.data.slice(0, 1), channels: trace.channels.slice(0, 1) },
    o.preprocess,
  ).data[0]!;
  const fs = trace.sampleRate;
  const nsta = Math.round(o.staSeconds * fs);
  const nlta = Math.round(o.ltaSeconds * fs);
  const ratio = o.method === 'classic' ? classicStaLta(z, nsta, nlta) : recursiveStaLta(z, nsta, nlta);
  return triggerOnsets(ratio, o.on, o.off).map(([on]) => trace.startTime + (on / fs) * 1000);
}
