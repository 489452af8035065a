/**
 * Wire types: the schema loaded at run time with protobufjs reflection, and TypeScript shapes of the
 * objects protobufjs encodes and decodes. These stay inside the package; application code only sees
 * the domain types of messages.ts.
 *
 * Fields are camelCase (protobufjs' default conversion of the schema's snake_case names). On decoded
 * objects unset scalars read as their defaults and unset messages as null, hence the optional types.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = protobuf.loadSync(fileURLToPath(new URL('../schema/quakefed.proto', import.meta.url)));
root.resolveAll();

/** The Envelope message type: `EnvelopeType.encode(obj).finish()` / `EnvelopeType.decode(reader)`. */
export const EnvelopeType = root.lookupType('quakefed.v1.Envelope');

/** protobufjs' streaming reader, used to scan the envelope header before a full decode. */
export const WireReader = protobuf.Reader;

/** Numeric values of a schema enum by name. */
function enumValues(name: string): Readonly<Record<string, number>> {
  return root.lookupEnum(name).values;
}

/** Wire numbers of the TensorEncoding enum. */
export const WIRE_ENCODING = {
  f32: enumValues('quakefed.v1.TensorEncoding')['TENSOR_ENCODING_F32']!,
  f16: enumValues('quakefed.v1.TensorEncoding')['TENSOR_ENCODING_F16']!,
  int8: enumValues('quakefed.v1.TensorEncoding')['TENSOR_ENCODING_INT8']!,
} as const;

/** Wire number of DType.DTYPE_FLOAT32, the only logical tensor type of version 1. */
export const WIRE_DTYPE_FLOAT32 = enumValues('quakefed.v1.DType')['DTYPE_FLOAT32']!;

/** A uint64 as protobufjs decodes it (a Long when the `long` package is present) or encodes it. */
export type WireUint64 = number | { low: number; high: number };

export interface WireTensor {
  name?: string;
  shape?: number[];
  dtype?: number;
  encoding?: number;
  scale?: number;
  zeroPoint?: number;
  alignPadding?: Uint8Array;
  data?: Uint8Array;
}

export interface WireParameters {
  tensors?: WireTensor[];
}

export interface WireStatus {
  ok?: boolean;
  code?: string;
  message?: string;
}

export interface WireCapabilities {
  backend?: string;
  tensorEncodings?: number[];
  maxMessageBytes?: WireUint64;
}

export interface WireDataSummary {
  windows?: WireUint64;
  positives?: WireUint64;
  hours?: number;
}

export interface WireHello {
  clientId?: string;
  stationIds?: string[];
  capabilities?: WireCapabilities | null;
  dataSummary?: WireDataSummary | null;
}

export interface WireWelcome {
  sessionId?: string;
  config?: Uint8Array;
  heartbeatIntervalMs?: number;
  tensorEncoding?: number;
}

export interface WireFitIns {
  round?: number;
  modelVersion?: number;
  parameters?: WireParameters | null;
  config?: Uint8Array;
}

export interface WireFitRes {
  round?: number;
  modelVersion?: number;
  parameters?: WireParameters | null;
  numExamples?: WireUint64;
  metrics?: Uint8Array;
  status?: WireStatus | null;
}

export type WireEvaluateIns = WireFitIns;

export interface WireConfusion {
  tp?: WireUint64;
  fp?: WireUint64;
  fn?: WireUint64;
  tn?: WireUint64;
}

export interface WireHistogram {
  bins?: number;
  positive?: WireUint64[];
  negative?: WireUint64[];
}

export interface WireEvaluateRes {
  round?: number;
  modelVersion?: number;
  loss?: number;
  numExamples?: WireUint64;
  confusion?: WireConfusion | null;
  histogram?: WireHistogram | null;
  metrics?: Uint8Array;
  status?: WireStatus | null;
}

export interface WireHeartbeat {
  timestampMs?: WireUint64;
}

export interface WireError {
  code?: string;
  message?: string;
}

export interface WireReconnect {
  delayMs?: number;
  reason?: string;
}

export interface WireBye {
  reason?: string;
}

/** Body of each message kind; the envelope field of a kind has the kind's name. */
export interface WireBodies {
  hello: WireHello;
  welcome: WireWelcome;
  fitIns: WireFitIns;
  fitRes: WireFitRes;
  evaluateIns: WireEvaluateIns;
  evaluateRes: WireEvaluateRes;
  heartbeat: WireHeartbeat;
  error: WireError;
  reconnect: WireReconnect;
  bye: WireBye;
}

/** An Envelope as encoded / decoded; `body` (decode only) names the oneof member that is set. */
export type WireEnvelope = {
  protocolVersion?: number;
  messageId?: WireUint64;
  replyTo?: WireUint64;
  body?: keyof WireBodies;
} & { [K in keyof WireBodies]?: WireBodies[K] | null };

/** Envelope field number of each body kind, read from the schema. */
export const BODY_FIELD_NUMBER: Readonly<Record<keyof WireBodies, number>> = Object.fromEntries(
  EnvelopeType.oneofs['body']!.fieldsArray.map((f) => [f.name, f.id]),
) as Record<keyof WireBodies, number>;

/** The message type of each body kind, for encoding bodies on their own. */
export const BODY_TYPE: Readonly<Record<keyof WireBodies, protobuf.Type>> = Object.fromEntries(
  EnvelopeType.oneofs['body']!.fieldsArray.map((f) => [f.name, f.resolvedType as protobuf.Type]),
) as Record<keyof WireBodies, protobuf.Type>;

/** The Tensor message type, for encoding a tensor's small fields apart from its data. */
export const TensorType = root.lookupType('quakefed.v1.Tensor');

/** Field numbers the frame writer lays out by hand (see frame-writer.ts). */
export const LAYOUT_FIELD = {
  tensors: root.lookupType('quakefed.v1.Parameters').fields['tensors']!.id,
  alignPadding: TensorType.fields['alignPadding']!.id,
  data: TensorType.fields['data']!.id,
} as const;
