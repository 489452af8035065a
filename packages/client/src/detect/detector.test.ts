import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WINDOW_DEFAULTS, type Trace } from '@quakefed/seismic';
import { detectInTrace, type WindowScorer } from './detector.js';
import { DETECTION_DEFAULTS } from '../defaults.js';
import { identityPreprocessing } from './test-support.js';

const identity = identityPreprocessing;

/** Scores a window 1 when a Z sample 1 s to 7 s after its start (the positive-label span) exceeds 5. */
const oracle: WindowScorer = {
  windowSamples: 100,
  channels: 1,
  sampleRate: 10,
  async score(x, count) {
    const out = new Float32Array(count);
    for (let k = 0; k < count; k++) for (let t = 10; t <= 70; t++) if (x[k * 100 + t]! > 5) out[k] = 1;
    return out;
  },
};

/** A vertical-only trace of XX.S with samples `z`. */
const zTrace = (z: Float32Array, startTime: number, sampleRate: number): Trace => ({
  network: 'XX',
  station: 'S',
  location: '',
  channels: ['HHZ'],
  startTime,
  sampleRate,
  data: [z],
  gaps: [],
});

/** Live low-level noise: never flat, never above the oracle's level. */
const liveNoise = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.3));

test('a spike in a long trace is detected once, at its time, by merged overlapping windows', async () => {
  const z = liveNoise(3000);
  z[1234] = 10; // 123.4 s after the start
  const trace = zTrace(z, 1e12, 10);
  const result = await detectInTrace(trace, oracle, identity, { ...DETECTION_DEFAULTS, hopSeconds: 1, batchSize: 7 });
  assert.equal(result.detections.length, 1);
  assert.ok(Math.abs(result.detections[0]!.time - (1e12 + 123_400)) <= 1000);
  assert.equal(result.detections[0]!.channel, 'HHZ');
  assert.equal(result.scores.length, result.windowStarts.length);
  assert.equal(result.durationSeconds, 300);
});

test('an arrival in the last seconds of a trace is scored by partial windows, zero-padded past the end', async () => {
  const windowSamples = 300; // 30 s at 10 Hz, the positive-label span 1–7 s as the oracle's
  const padded: number[] = [];
  const longOracle: WindowScorer = {
    ...oracle,
    windowSamples,
    async score(x, count) {
      for (let k = 0; k < count; k++) if (x[(k + 1) * windowSamples - 1] === 0) padded.push(k);
      return oracle.score(
        Float32Array.from({ length: count * 100 }, (_, i) => x[Math.floor(i / 100) * windowSamples + (i % 100)]!),
        count,
      );
    },
  };
  const z = liveNoise(3000);
  z[2900] = 10; // 290 s into a 300 s trace: no full window holds it 1–7 s after its start
  const result = await detectInTrace(zTrace(z, 0, 10), longOracle, identity, { ...DETECTION_DEFAULTS, hopSeconds: 1 });
  assert.equal(result.detections.length, 1);
  assert.ok(Math.abs(result.detections[0]!.time - 290_000) <= 1000);
  const last = result.windowStarts[result.windowStarts.length - 1]!;
  assert.equal(
    last,
    (300 - WINDOW_DEFAULTS.minPartialSeconds) * 1000,
    'partial windows down to the shortest kept data',
  );
  // Full windows start up to 270 s; one partial window a second after that while 13 s of data remain.
  assert.equal(result.windowStarts.filter((t) => t > 270_000).length, 30 - WINDOW_DEFAULTS.minPartialSeconds);
  assert.ok(padded.length > 0, 'the scorer saw zero-padded windows');
});

test('a trace at another rate than the model is rejected', async () => {
  const trace = zTrace(new Float32Array(500), 0, 20);
  await assert.rejects(detectInTrace(trace, oracle, identity, DETECTION_DEFAULTS), /20 Hz/);
});

test('windows touching a flatline (zero padding, dead stretch) are not scored: its edge is no onset', async () => {
  const z = liveNoise(3000);
  z.fill(0, 0, 400); // 40 s of zero padding, then a step into live data
  z.fill(10, 400, 402); // the step itself would fire the oracle
  z[2000] = 10; // a real spike in live data
  const trace = zTrace(z, 0, 10);
  const result = await detectInTrace(trace, oracle, identity, { ...DETECTION_DEFAULTS, hopSeconds: 1 });
  assert.ok(result.windowStarts[0]! >= 40_000, 'no window overlaps the padding');
  assert.equal(result.detections.length, 1);
  assert.ok(Math.abs(result.detections[0]!.time - 200_000) <= 1000);
});

test('a detection is dated by the onset picked inside its windows, to a fraction of a second', async () => {
  const z = liveNoise(3000);
  const onset = 1533; // 153.3 s: 0.7 s or more from any time the 2 s hop grid could date it by
  // A quake-like arrival: 8× the noise at onset, decaying over a 10 s coda.
  for (let i = onset; i < onset + 300; i++) z[i] = 8 * Math.exp(-(i - onset) / 100) * Math.sin(i * 2.1);
  const trace = zTrace(z, 0, 10);
  const result = await detectInTrace(trace, oracle, identity, { ...DETECTION_DEFAULTS, hopSeconds: 2 });
  assert.equal(result.detections.length, 1);
  assert.ok(Math.abs(result.detections[0]!.time - 153_300) <= 300, `dated ${result.detections[0]!.time} ms`);
  const picked = [...result.onsets.keys()].filter((i) => Number.isFinite(result.onsets[i]));
  assert.ok(
    picked.length > 0 && picked.every((i) => result.scores[i]! >= DETECTION_DEFAULTS.threshold),
    'only positive windows are picked',
  );
});
