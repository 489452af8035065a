/**
 * Test helpers: frames built straight from wire objects (bypassing the domain-side checks of
 * encodeMessage), so tests can feed the decoder bytes a broken or hostile peer would send.
 */
import { PROTOCOL_VERSION } from './constants.js';
import { EnvelopeType, WIRE_DTYPE_FLOAT32, WIRE_ENCODING, type WireEnvelope, type WireTensor } from './wire.js';

/** Bytes of a hex string; whitespace is ignored. */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** Encodes a wire envelope as-is; `protocolVersion` defaults to the current one. */
export function wireFrame(envelope: WireEnvelope): Uint8Array {
  return EnvelopeType.encode({ protocolVersion: PROTOCOL_VERSION, ...envelope }).finish();
}

/** A well-formed f32 wire tensor of the given values, with optional overrides. */
export function wireTensor(values: number[], overrides: Partial<WireTensor> = {}): WireTensor {
  return {
    name: 't',
    shape: [values.length],
    dtype: WIRE_DTYPE_FLOAT32,
    encoding: WIRE_ENCODING.f32,
    data: new Uint8Array(new Float32Array(values).buffer),
    ...overrides,
  };
}

/** A FitIns frame carrying the given wire tensors. */
export function fitInsFrame(tensors: WireTensor[]): Uint8Array {
  return wireFrame({ fitIns: { round: 1, modelVersion: 1, parameters: { tensors } } });
}
