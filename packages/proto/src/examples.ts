/**
 * One valid, fully populated example of every message kind. Used by this package's tests, the
 * cross-package fuzz test and docs; handy for other packages' tests of message handling.
 */
import type { Message } from './messages.js';
import type { Parameters } from './types.js';

/** A small parameter set shaped like a conv1d layer plus a dense layer. */
export function exampleParameters(): Parameters {
  const tensor = (name: string, shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.sin(i * 0.7 + name.length) * 0.5;
    return { name, shape, data };
  };
  return [
    tensor('conv1d/kernel', [7, 3, 8]),
    tensor('conv1d/bias', [8]),
    tensor('dense/kernel', [8, 1]),
    tensor('dense/bias', [1]),
  ];
}

/** Every message kind once, in MESSAGE_KINDS order. */
export function exampleMessages(): Message[] {
  return [
    {
      kind: 'hello',
      clientId: 'gateway-r24fa',
      stationIds: ['AM.R24FA.00.EHZ', 'AM.R24FA.00.EHN'],
      capabilities: { backend: 'wasm', tensorEncodings: ['f32', 'f16', 'int8'], maxMessageBytes: 16_777_216 },
      dataSummary: { windows: 86_400, positives: 12, hours: 24 },
    },
    {
      kind: 'welcome',
      sessionId: 's-1',
      config: { epochs: 2, learningRate: 0.001, loss: 'focal', classBalanced: true, salt: new Uint8Array([1, 2]) },
      heartbeatIntervalMs: 5000,
      tensorEncoding: 'f16',
    },
    { kind: 'fitIns', round: 3, modelVersion: 2, parameters: exampleParameters(), config: { epochs: 1 } },
    {
      kind: 'fitRes',
      round: 3,
      modelVersion: 2,
      parameters: exampleParameters(),
      numExamples: 5120,
      metrics: { loss: 0.031, seconds: 4.5 },
      status: { ok: true },
    },
    { kind: 'evaluateIns', round: 3, modelVersion: 3, parameters: [], config: { threshold: 0.5 } },
    {
      kind: 'evaluateRes',
      round: 3,
      modelVersion: 3,
      loss: 0.042,
      numExamples: 1000,
      confusion: { tp: 9, fp: 3, fn: 1, tn: 987 },
      histogram: { bins: 4, positive: [0, 1, 2, 7], negative: [900, 80, 7, 3] },
      metrics: { f1: 0.818 },
      status: { ok: true },
    },
    { kind: 'heartbeat', timestampMs: 1_700_000_000_123 },
    { kind: 'error', code: 'QF_ERR_ROUND_MISMATCH', message: 'round 2 is over' },
    { kind: 'reconnect', delayMs: 1500, reason: 'coordinator restarting' },
    { kind: 'bye', reason: 'shutdown' },
  ];
}
