/**
 * Named tensors ↔ wire tensors in the three encodings (byte layouts in docs/protocol.md).
 *
 * Fast paths: f32 encodes as a byte view of the Float32Array (protobufjs then copies it into the frame
 * once) and decodes as a Float32Array view on the received frame when its offset is 4-aligned (a single
 * copy otherwise), followed by the SIMD finite check. Typed arrays use host byte order, so the module
 * refuses to load on big-endian hosts rather than put wrong bytes on the wire.
 */
import { ENCODING_BYTES } from '../constants.js';
import { PROTO_ERROR_CODES, ProtocolError, QuakefedError } from '../errors.js';
import type { DecodeLimits } from '../options.js';
import type { NamedTensor, Parameters, TensorEncoding } from '../types.js';
import { WIRE_DTYPE_FLOAT32, type WireParameters, type WireTensor } from '../wire.js';
import { encodingToWire, requiredEncoding, requiredString } from '../convert/fields.js';
import { decodeF16, encodeF16 } from './float16.js';
import { firstNonFinite } from './finite.js';
import { dequantiseInt8, isValidInt8Params, quantiseInt8 } from './int8.js';

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new QuakefedError('QF_ERR_BIG_ENDIAN_HOST', '@quakefed/proto requires a little-endian host');
}

/** Checks a domain tensor's shape against its data; returns the element count. */
function checkDomainShape(tensor: NamedTensor): number {
  let count = 1;
  for (const dim of tensor.shape) {
    if (!Number.isSafeInteger(dim) || dim < 0 || dim > 0xffffffff) {
      throw new ProtocolError(PROTO_ERROR_CODES.tensorShape, `tensor "${tensor.name}" has a bad dimension ${dim}`);
    }
    count *= dim;
  }
  if (count !== tensor.data.length) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.tensorShape,
      `tensor "${tensor.name}" shape [${tensor.shape.join(',')}] needs ${count} values, has ${tensor.data.length}`,
    );
  }
  return count;
}

/**
 * Memory for encoded tensor data that lives only until its frame is written: `encodeMessage` copies
 * every tensor into the frame it returns, so the next message can reuse the same bytes. A fresh
 * buffer per tensor costs first-touch page faults, which set f16 and int8 encode speed on a loaded
 * host (`npm run bench -- codec`).
 */
export class EncodeScratch {
  private buffer = new ArrayBuffer(0);
  private used = 0;

  /** Makes all of the memory free again: what was taken before must no longer be read. */
  reset(): void {
    this.used = 0;
  }

  /** A new `count`-element array of `type` at an 8-byte-aligned offset, valid until the next {@link reset}. */
  array<T>(type: ScratchArrayType<T>, count: number): T {
    const bytes = count * type.BYTES_PER_ELEMENT;
    const at = (this.used + 7) & ~7;
    if (at + bytes <= this.buffer.byteLength) {
      this.used = at + bytes;
      return new type(this.buffer, at, count);
    }
    // Arrays already taken keep the old buffer alive; a new one serves what follows.
    this.buffer = new ArrayBuffer(Math.max(bytes, 2 * this.buffer.byteLength));
    this.used = bytes;
    return new type(this.buffer, 0, count);
  }
}

/** A typed-array constructor {@link EncodeScratch} can place. */
interface ScratchArrayType<T> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Encodes one domain tensor (its f16 or int8 data in `scratch` when given, else in new memory). */
export function encodeTensor(tensor: NamedTensor, encoding: TensorEncoding, scratch?: EncodeScratch): WireTensor {
  requiredString(tensor.name, 'tensor.name');
  const count = checkDomainShape(tensor);
  const wire: WireTensor = {
    name: tensor.name,
    shape: tensor.shape,
    dtype: WIRE_DTYPE_FLOAT32,
    encoding: encodingToWire(encoding, `tensor "${tensor.name}"`),
  };
  const { data } = tensor;
  if (encoding === 'f32') {
    wire.data = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } else if (encoding === 'f16') {
    const halves = scratch ? scratch.array(Uint16Array, count) : new Uint16Array(count);
    encodeF16(data, halves, tensor.name);
    wire.data = new Uint8Array(halves.buffer, halves.byteOffset, halves.byteLength);
  } else {
    const q = scratch ? scratch.array(Int8Array, count) : new Int8Array(count);
    const { scale, zeroPoint } = quantiseInt8(data, q, tensor.name);
    wire.scale = scale;
    wire.zeroPoint = zeroPoint;
    wire.data = new Uint8Array(q.buffer, q.byteOffset, q.byteLength);
  }
  return wire;
}

/** Element count of a wire shape, checked against the limits. */
function checkWireShape(name: string, shape: number[], limits: DecodeLimits): number {
  if (shape.length > limits.maxDims) {
    throw new ProtocolError(PROTO_ERROR_CODES.tensorShape, `tensor "${name}" has ${shape.length} dimensions`);
  }
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > limits.maxTensorElements) {
      throw new ProtocolError(PROTO_ERROR_CODES.tensorShape, `tensor "${name}" has too many elements`);
    }
  }
  return count;
}

/** The bytes as a typed array of `elementBytes`-sized elements: a view when aligned, else a copy. */
function alignedBuffer(bytes: Uint8Array, elementBytes: number): { buffer: ArrayBufferLike; byteOffset: number } {
  if (bytes.byteOffset % elementBytes === 0) return { buffer: bytes.buffer, byteOffset: bytes.byteOffset };
  // new Uint8Array(typedArray) copies; Buffer#slice would not (it returns a view).
  return { buffer: new Uint8Array(bytes).buffer, byteOffset: 0 };
}

function decodeValues(name: string, wire: WireTensor, encoding: TensorEncoding, count: number): Float32Array {
  const bytes = wire.data!;
  if (encoding === 'f32') {
    const { buffer, byteOffset } = alignedBuffer(bytes, 4);
    const values = new Float32Array(buffer, byteOffset, count);
    const bad = firstNonFinite(bytes, values);
    if (bad >= 0) throw new ProtocolError(PROTO_ERROR_CODES.nonFinite, `tensor "${name}" is not finite at ${bad}`);
    return values;
  }
  const values = new Float32Array(count);
  if (encoding === 'f16') {
    const { buffer, byteOffset } = alignedBuffer(bytes, 2);
    const bad = decodeF16(new Uint16Array(buffer, byteOffset, count), values);
    if (bad >= 0) throw new ProtocolError(PROTO_ERROR_CODES.nonFinite, `tensor "${name}" is not finite at ${bad}`);
    return values;
  }
  const params = { scale: wire.scale ?? 0, zeroPoint: wire.zeroPoint ?? 0 };
  if (!isValidInt8Params(params)) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.badQuantisation,
      `tensor "${name}" has scale ${params.scale} / zero point ${params.zeroPoint}`,
    );
  }
  dequantiseInt8(new Int8Array(bytes.buffer, bytes.byteOffset, count), params, values);
  return values;
}

/** Decodes and validates one wire tensor. */
export function decodeTensor(wire: WireTensor, limits: DecodeLimits): NamedTensor {
  const name = requiredString(wire.name, 'tensor.name');
  if (wire.dtype !== WIRE_DTYPE_FLOAT32) {
    const code = wire.dtype ? PROTO_ERROR_CODES.unsupportedEncoding : PROTO_ERROR_CODES.missingField;
    throw new ProtocolError(code, `tensor "${name}" dtype ${wire.dtype ?? 0} is not FLOAT32`);
  }
  const encoding = requiredEncoding(wire.encoding, `tensor "${name}".encoding`);
  const shape = wire.shape ?? [];
  const count = checkWireShape(name, shape, limits);
  const byteLength = wire.data?.length ?? 0;
  if (byteLength !== count * ENCODING_BYTES[encoding]) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.tensorLength,
      `tensor "${name}" has ${byteLength} bytes; shape [${shape.join(',')}] as ${encoding} needs ${count * ENCODING_BYTES[encoding]}`,
    );
  }
  return { name, shape: Array.from(shape), data: decodeValues(name, wire, encoding, count) };
}

/** Throws `QF_ERR_DUPLICATE_TENSOR` when two tensors share a name. */
function checkUniqueNames(names: Iterable<string>): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ProtocolError(PROTO_ERROR_CODES.duplicateTensor, `tensor name "${name}" repeats`);
    seen.add(name);
  }
}

/** Encodes an ordered parameter set (see {@link encodeTensor} for `scratch`). */
export function encodeParameters(
  parameters: Parameters,
  encoding: TensorEncoding,
  scratch?: EncodeScratch,
): WireParameters {
  checkUniqueNames(parameters.map((t) => t.name));
  return { tensors: parameters.map((t) => encodeTensor(t, encoding, scratch)) };
}

/** Decodes and validates a parameter set (order kept, names unique). */
export function decodeParameters(wire: WireParameters, limits: DecodeLimits): Parameters {
  const tensors = wire.tensors ?? [];
  if (tensors.length > limits.maxTensors) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.tensorShape,
      `${tensors.length} tensors exceed the limit ${limits.maxTensors}`,
    );
  }
  checkUniqueNames(tensors.map((t) => t.name ?? ''));
  return tensors.map((t) => decodeTensor(t, limits));
}
