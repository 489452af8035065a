/**
 * One toProto / fromProto pair per message kind. The envelope field of a body has the same name as the
 * domain `kind`, so the table is keyed by kind.
 */
import type { Message, MessageKind } from '../messages.js';
import type { DecodeLimits } from '../options.js';
import type { EncodeScratch } from '../tensors/codec.js';
import type { TensorEncoding } from '../types.js';
import type { WireBodies } from '../wire.js';
import * as rounds from './rounds.js';
import * as session from './session.js';

/** Converters of one kind. */
export interface BodyConverter<K extends MessageKind> {
  /** `scratch`: where encoded tensor data may live until the frame is written (see `EncodeScratch`). */
  toProto(message: Extract<Message, { kind: K }>, encoding: TensorEncoding, scratch?: EncodeScratch): WireBodies[K];
  fromProto(wire: WireBodies[K], limits: DecodeLimits): Extract<Message, { kind: K }>;
}

export const CONVERTERS: { [K in MessageKind]: BodyConverter<K> } = {
  hello: { toProto: session.helloToProto, fromProto: session.helloFromProto },
  welcome: { toProto: session.welcomeToProto, fromProto: session.welcomeFromProto },
  fitIns: { toProto: rounds.fitInsToProto, fromProto: rounds.fitInsFromProto },
  fitRes: { toProto: rounds.fitResToProto, fromProto: rounds.fitResFromProto },
  evaluateIns: { toProto: rounds.evaluateInsToProto, fromProto: rounds.evaluateInsFromProto },
  evaluateRes: { toProto: rounds.evaluateResToProto, fromProto: rounds.evaluateResFromProto },
  heartbeat: { toProto: session.heartbeatToProto, fromProto: session.heartbeatFromProto },
  error: { toProto: session.errorToProto, fromProto: session.errorFromProto },
  reconnect: { toProto: session.reconnectToProto, fromProto: session.reconnectFromProto },
  bye: { toProto: session.byeToProto, fromProto: session.byeFromProto },
};

/** Converts a domain message to its wire body. */
export function toProto<K extends MessageKind>(
  message: Extract<Message, { kind: K }>,
  encoding: TensorEncoding,
  scratch?: EncodeScratch,
): WireBodies[K] {
  return (CONVERTERS[message.kind as K] as BodyConverter<K>).toProto(message, encoding, scratch);
}

/** Converts and validates a wire body of the given kind. */
export function fromProto<K extends MessageKind>(
  kind: K,
  wire: WireBodies[K],
  limits: DecodeLimits,
): Extract<Message, { kind: K }> {
  return CONVERTERS[kind].fromProto(wire, limits);
}
