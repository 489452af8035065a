import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from './codec.js';
import type { FitIns } from './messages.js';
import { EnvelopeType, type WireEnvelope } from './wire.js';

/** FitIns whose tensors have the given lengths and names of varying size (to vary every offset). */
function fitIns(lengths: number[], nameSuffix: string): FitIns {
  return {
    kind: 'fitIns',
    round: 1,
    modelVersion: 1,
    config: {},
    parameters: lengths.map((n, i) => ({
      name: `layer${i}/${nameSuffix}`,
      shape: [n],
      data: Float32Array.from({ length: n }, (_, j) => j * 0.25 - i),
    })),
  };
}

// Lengths straddle the points where a length prefix grows a byte (128 and 16384 bytes).
const LENGTH_SETS = [[1], [3, 29, 30, 31, 32, 33], [4090, 4095, 4096, 4097, 7], [0, 5]];
const SUFFIXES = ['k', 'kernel', 'kernel_with_a_longer_name'];
const MESSAGE_IDS = [0, 1, 300, 2 ** 40];

test('f32 tensor data lands 4-aligned in the frame whatever precedes it, so it decodes as a view', () => {
  for (const lengths of LENGTH_SETS) {
    for (const suffix of SUFFIXES) {
      for (const messageId of MESSAGE_IDS) {
        const frame = encodeMessage(fitIns(lengths, suffix), { messageId });
        const decoded = decodeMessage(frame) as FitIns;
        decoded.parameters.forEach((t, i) => {
          if (lengths[i] === 0) return; // an empty tensor has no bytes to view
          const where = `lengths ${lengths} ${suffix} id ${messageId}, tensor ${i}`;
          assert.equal(t.data.buffer, frame.buffer, where);
          assert.equal((t.data.byteOffset - frame.byteOffset) % 4, 0, where);
        });
      }
    }
  }
});

test('f16 tensor data lands 2-aligned in the frame', () => {
  for (const lengths of LENGTH_SETS) {
    for (const suffix of SUFFIXES) {
      const frame = encodeMessage(fitIns(lengths, suffix), { tensorEncoding: 'f16', messageId: 5 });
      const wire = EnvelopeType.decode(frame) as WireEnvelope;
      for (const t of wire.fitIns!.parameters!.tensors!) {
        if (t.data!.length > 0) assert.equal((t.data!.byteOffset - frame.byteOffset) % 2, 0, `${lengths} ${t.name}`);
      }
    }
  }
});

test('frames carry the parameters field even when it holds no tensors', () => {
  const frame = encodeMessage({ kind: 'evaluateIns', round: 2, modelVersion: 2, parameters: [], config: {} });
  const parameters = (EnvelopeType.decode(frame) as WireEnvelope).evaluateIns!.parameters;
  assert.ok(parameters);
  assert.deepEqual(parameters.tensors, []);
});
