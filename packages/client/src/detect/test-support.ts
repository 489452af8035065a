/** Stand-ins the detection tests share. */
import type { WindowPreprocessing } from './detector.js';
import { batchArray, interleaveWindows, rawPartialWindow } from './windows.js';

/** The raw windows, as they are (a partial one zero-padded): what a test's scorer sees is the trace's samples. */
export const identityPreprocessing: WindowPreprocessing = {
  trace: (t) => t,
  windows: (t, starts, length, channels) => {
    const batch = batchArray();
    return (from, n) => {
      const out = batch(n * length * channels);
      interleaveWindows(t.data, starts, from, n, length, channels, out);
      return out;
    };
  },
  partialWindow: (t, start, keptSamples, length, channels) =>
    rawPartialWindow(t.data, start, keptSamples, length, channels),
};
