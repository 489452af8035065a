/** Stand-ins the detection tests share. */
import type { WindowPreprocessing } from './detector.js';
import { interleaveWindows } from './windows.js';

/** The raw windows, as they are: what a test's scorer sees is the trace's samples. */
export const identityPreprocessing: WindowPreprocessing = {
  trace: (t) => t,
  windows: (t, starts, length, channels) => (from, n, out) =>
    interleaveWindows(t.data, starts, from, n, length, channels, out),
};
