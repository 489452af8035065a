import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMiniSeedFile, writeMiniSeedFile, type Trace } from '@quakefed/seismic';
import { DETECTION_DEFAULTS } from '../defaults.js';
import { DETECT_CHUNK_MS, detectFileInChunks } from './chunked.js';
import { detectInTrace, type WindowScorer } from './detector.js';
import { identityPreprocessing } from './test-support.js';

const identity = identityPreprocessing;

/** Scores a window by the largest Z sample 1–7 s after its start (the positive-label span), over 10. */
const oracle: WindowScorer = {
  windowSamples: 1000,
  channels: 3,
  sampleRate: 100,
  async score(x, count) {
    const out = new Float32Array(count);
    for (let k = 0; k < count; k++) {
      let peak = 0;
      for (let t = 100; t <= 700; t++) peak = Math.max(peak, x[(k * 1000 + t) * 3]!);
      out[k] = Math.min(1, peak / 10);
    }
    return out;
  },
};

test('a file read chunk by chunk gives the windows, scores and picks of the file read whole', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-chunked-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = Math.round(((2.2 * DETECT_CHUNK_MS) / 1000) * 100);
  const noise = (phase: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.3 + phase));
  const z = noise(0);
  // Events on both sides of the first chunk edge and inside the second chunk.
  for (const atSeconds of [DETECT_CHUNK_MS / 1000 - 3, DETECT_CHUNK_MS / 1000 + 4, (1.6 * DETECT_CHUNK_MS) / 1000])
    z[Math.round(atSeconds * 100)] = 10;
  const start = Date.UTC(2024, 0, 1);
  const trace: Trace = {
    network: 'XX',
    station: 'CHK',
    location: '00',
    channels: ['HHZ', 'HHN', 'HHE'],
    startTime: start,
    sampleRate: 100,
    data: [z, noise(1), noise(2)],
    gaps: [],
  };
  const path = join(dir, 'XX.CHK.mseed');
  await writeMiniSeedFile(trace, path);
  const options = { ...DETECTION_DEFAULTS, threshold: 0.8 };

  const whole = await detectInTrace((await readMiniSeedFile(path, { sampleRate: 100 }))[0]!, oracle, identity, options);
  const chunked = await detectFileInChunks(path, oracle, identity, options);
  assert.equal(chunked.length, 1);
  const c = chunked[0]!;
  assert.deepEqual([...c.windowStarts], [...whole.windowStarts]);
  assert.deepEqual([...c.scores], [...whole.scores]);
  assert.deepEqual([...c.onsets], [...whole.onsets]);
  assert.deepEqual(c.detections, whole.detections);
  assert.ok(whole.detections.length >= 2, `${whole.detections.length} detections`);
});

test('a file with no miniSEED records is refused with QF_ERR_INPUT_UNREADABLE', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-chunked-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'notes.mseed'), 'not miniSEED at all\n'.repeat(40));
  await assert.rejects(detectFileInChunks(join(dir, 'notes.mseed'), oracle, identity, DETECTION_DEFAULTS), {
    code: 'QF_ERR_INPUT_UNREADABLE',
  });
});
