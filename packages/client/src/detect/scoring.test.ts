import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStationProfile, synthesizeStream, type Trace } from '@quakefed/seismic';
import { DETECTION_DEFAULTS } from '../defaults.js';
import { detectInTrace, type WindowScorer } from './detector.js';
import { perWindowPreprocessing, seismicPreprocessing } from './scoring.js';

/** A scorer that keeps every window it is given and scores them all 0. */
function recorder(): { scorer: WindowScorer; windows: Float32Array[] } {
  const windows: Float32Array[] = [];
  const scorer: WindowScorer = {
    windowSamples: 1000,
    channels: 3,
    sampleRate: 100,
    async score(x, count) {
      for (let k = 0; k < count; k++) windows.push(x.slice(k * 3000, (k + 1) * 3000));
      return new Float32Array(count);
    },
  };
  return { scorer, windows };
}

async function scoredWindows(trace: Trace, stream: boolean): Promise<Float32Array[]> {
  const r = recorder();
  const preprocessing = stream ? seismicPreprocessing() : perWindowPreprocessing();
  await detectInTrace(trace, r.scorer, preprocessing, { ...DETECTION_DEFAULTS, hopSeconds: 1.5, batchSize: 64 });
  return r.windows;
}

test('detection scores the same windows through the stream preprocessing as through the per-window path', async () => {
  const { trace } = synthesizeStream(makeStationProfile({ quakeRatePerDay: 2000 }), {
    startTime: Date.UTC(2024, 0, 1),
    durationSeconds: 900,
    seed: 3,
  });
  // A zero-filled gap in the middle: windows around it are skipped and the stream restarts after it.
  const gapFrom = 40_000;
  for (const d of trace.data) d.fill(0, gapFrom, gapFrom + 3000);
  trace.gaps = [{ startTime: trace.startTime + gapFrom * 10, endTime: trace.startTime + (gapFrom + 3000) * 10 }];
  const stream = await scoredWindows(trace, true);
  const reference = await scoredWindows(trace, false);
  assert.equal(stream.length, reference.length);
  assert.ok(stream.length > 500);
  stream.forEach((w, k) => {
    const ref = reference[k]!;
    const peak = ref.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    const worst = w.reduce((s, v, i) => Math.max(s, Math.abs(v - ref[i]!)), 0);
    assert.ok(worst <= 1e-5 * peak, `window ${k}: error ${worst} against peak ${peak}`);
  });
});

test('zero-phase options fall back to the per-window path', async () => {
  const { trace } = synthesizeStream(makeStationProfile({}), { startTime: 0, durationSeconds: 60, seed: 4 });
  const r = recorder();
  await detectInTrace(trace, r.scorer, seismicPreprocessing(100, { zeroPhase: true }), {
    ...DETECTION_DEFAULTS,
    hopSeconds: 10,
  });
  const s = recorder();
  await detectInTrace(trace, s.scorer, perWindowPreprocessing(100, { zeroPhase: true }), {
    ...DETECTION_DEFAULTS,
    hopSeconds: 10,
  });
  assert.deepEqual(r.windows, s.windows);
});
