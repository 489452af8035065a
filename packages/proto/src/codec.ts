/**
 * Frame codec: one Envelope per WebSocket binary frame.
 *
 * Decoding order, cheapest rejection first: payload size (before any parsing), then a scan of the
 * envelope's top-level fields for the protocol version and the body kind (the large body is skipped by
 * its length prefix, not parsed), then the full protobuf decode, then field validation in fromProto.
 * Any failure is a ProtocolError; exceptions from protobufjs become `QF_ERR_BAD_MESSAGE`.
 */
import {
  BODY_FIELD_RANGE,
  ENCODING_BYTES,
  MESSAGE_KINDS,
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from './constants.js';
import { fromProto, toProto } from './convert/index.js';
import { encodingFromWire, safeInteger, uint64 } from './convert/fields.js';
import { DEFAULT_DECODE_LIMITS, DEFAULT_ENCODE_OPTIONS } from './defaults.js';
import { PROTO_ERROR_CODES, ProtocolError } from './errors.js';
import type { Envelope, Message, MessageKind } from './messages.js';
import type { DecodeOptions, EncodeOptions } from './options.js';
import { writeFrame, type TensorPart } from './frame-writer.js';
import { EncodeScratch } from './tensors/codec.js';
import {
  BODY_FIELD_NUMBER,
  BODY_TYPE,
  EnvelopeType,
  TensorType,
  WireReader,
  type WireEnvelope,
  type WireParameters,
  type WireTensor,
} from './wire.js';

/** Where tensors are encoded before `writeFrame` copies them into the frame (encodeMessage is synchronous). */
const scratch = new EncodeScratch();

const KIND_BY_FIELD = new Map<number, MessageKind>(MESSAGE_KINDS.map((k) => [BODY_FIELD_NUMBER[k], k]));

/** A wire tensor split into its small fields (encoded) and its data, for the frame writer. */
function tensorPart({ data, ...fields }: WireTensor): TensorPart {
  return {
    fields: TensorType.encode(fields).finish(),
    data: data ?? new Uint8Array(0),
    alignment: ENCODING_BYTES[encodingFromWire(fields.encoding)!],
  };
}

/**
 * Encodes a message as one frame. Tensor data is copied once, straight into the frame, at offsets
 * aligned to the element size (see frame-writer.ts).
 * @throws ProtocolError when the message cannot be represented (bad numbers, shapes, non-finite or
 *   out-of-range values for the chosen tensor encoding, unsupported map values).
 */
export function encodeMessage(message: Message, options?: EncodeOptions): Uint8Array {
  const opts = { ...DEFAULT_ENCODE_OPTIONS, ...options };
  const header: WireEnvelope = {
    protocolVersion: PROTOCOL_VERSION,
    messageId: uint64(opts.messageId, 'messageId'),
    replyTo: uint64(opts.replyTo, 'replyTo'),
  };
  const bodyType = BODY_TYPE[message.kind];
  scratch.reset();
  const { parameters, ...body } = toProto(message, opts.tensorEncoding, scratch) as { parameters?: WireParameters };
  return writeFrame({
    header: EnvelopeType.encode(header).finish(),
    bodyField: BODY_FIELD_NUMBER[message.kind],
    body: bodyType.encode(body).finish(),
    parameters: parameters && {
      field: bodyType.fields['parameters']!.id,
      tensors: (parameters.tensors ?? []).map(tensorPart),
    },
  });
}

/** Version and body field numbers of a frame, read without decoding the body. */
function scanHeader(bytes: Uint8Array): { version: number; bodyFields: number[] } {
  const reader = WireReader.create(bytes);
  let version = 0;
  const bodyFields: number[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1 && wireType === 0) {
      version = reader.uint32();
      continue;
    }
    if (field >= BODY_FIELD_RANGE.first && field <= BODY_FIELD_RANGE.last) bodyFields.push(field);
    reader.skipType(wireType, 0, field);
  }
  return { version, bodyFields };
}

/** The body kind named by the header, after the version, kind and expectation checks. */
function checkHeader(bytes: Uint8Array, expected: readonly MessageKind[] | undefined): MessageKind {
  const { version, bodyFields } = scanHeader(bytes);
  if (!SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.unsupportedVersion,
      `protocol version ${version} is not supported (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    );
  }
  if (bodyFields.length === 0) throw new ProtocolError(PROTO_ERROR_CODES.missingField, 'envelope has no body');
  if (bodyFields.length > 1) throw new ProtocolError(PROTO_ERROR_CODES.badMessage, 'envelope has more than one body');
  const kind = KIND_BY_FIELD.get(bodyFields[0]!);
  if (!kind) {
    throw new ProtocolError(PROTO_ERROR_CODES.unknownMessage, `unknown message kind (envelope field ${bodyFields[0]})`);
  }
  if (expected && !expected.includes(kind)) {
    throw new ProtocolError(PROTO_ERROR_CODES.unexpectedMessage, `"${kind}" is not expected here`);
  }
  return kind;
}

/**
 * Decodes and validates one frame.
 *
 * Float32 tensors in the result may be views on `bytes` (copy them before reusing the buffer).
 * @throws ProtocolError — and nothing else — for every malformed or unacceptable frame.
 */
export function decodeEnvelope(bytes: Uint8Array, options?: DecodeOptions): Envelope {
  const { expectedKinds, ...limitOverrides } = options ?? {};
  const limits = { ...DEFAULT_DECODE_LIMITS, ...limitOverrides };
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError(PROTO_ERROR_CODES.badMessage, 'frame is not binary');
  if (bytes.length > limits.maxPayloadBytes) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.payloadTooLarge,
      `frame of ${bytes.length} bytes exceeds the limit of ${limits.maxPayloadBytes}`,
    );
  }
  try {
    const kind = checkHeader(bytes, expectedKinds);
    const wire = EnvelopeType.decode(bytes) as WireEnvelope;
    const body = wire[kind];
    // protobufjs skips a known field sent with the wrong wire type, leaving the body unset.
    if (!body) throw new ProtocolError(PROTO_ERROR_CODES.badMessage, `"${kind}" body has the wrong wire type`);
    return {
      protocolVersion: wire.protocolVersion ?? 0,
      messageId: safeInteger(wire.messageId, 'messageId'),
      replyTo: safeInteger(wire.replyTo, 'replyTo'),
      message: fromProto(kind, body, limits),
    };
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError(PROTO_ERROR_CODES.badMessage, `malformed frame: ${reason}`, { cause: error });
  }
}

/** Decodes and validates one frame and returns its message (see {@link decodeEnvelope}). */
export function decodeMessage(bytes: Uint8Array, options?: DecodeOptions): Message {
  return decodeEnvelope(bytes, options).message;
}
