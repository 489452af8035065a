/** toProto / fromProto of the session messages: Hello, Welcome, Heartbeat, Error, Reconnect, Bye. */
import { PROTO_ERROR_CODES, ProtocolError } from '../errors.js';
import { decodeMap, encodeMap } from '../maps.js';
import type { Bye, ErrorMessage, Heartbeat, Hello, Reconnect, Welcome } from '../messages.js';
import type { TensorEncoding } from '../types.js';
import type { WireBye, WireError, WireHeartbeat, WireHello, WireReconnect, WireWelcome } from '../wire.js';
import {
  encodingFromWire,
  encodingToWire,
  finite,
  required,
  requiredEncoding,
  requiredString,
  safeInteger,
  uint32,
  uint64,
} from './fields.js';

export function helloToProto(m: Hello): WireHello {
  const { capabilities: c, dataSummary: d } = m;
  if (!Number.isFinite(d.hours) || d.hours < 0) {
    throw new ProtocolError(PROTO_ERROR_CODES.badField, `hello.dataSummary.hours must be finite and >= 0`);
  }
  return {
    clientId: requiredString(m.clientId, 'hello.clientId'),
    stationIds: m.stationIds,
    capabilities: {
      backend: c.backend,
      tensorEncodings: c.tensorEncodings.map((e) => encodingToWire(e, 'hello.capabilities')),
      maxMessageBytes: uint64(c.maxMessageBytes, 'hello.capabilities.maxMessageBytes'),
    },
    dataSummary: {
      windows: uint64(d.windows, 'hello.dataSummary.windows'),
      positives: uint64(d.positives, 'hello.dataSummary.positives'),
      hours: d.hours,
    },
  };
}

export function helloFromProto(w: WireHello): Hello {
  const c = required(w.capabilities, 'hello.capabilities');
  const d = required(w.dataSummary, 'hello.dataSummary');
  const hours = finite(d.hours, 'hello.dataSummary.hours');
  if (hours < 0) throw new ProtocolError(PROTO_ERROR_CODES.badField, 'hello.dataSummary.hours is negative');
  // Encodings added by later versions are skipped: the client also speaks the ones we know.
  const tensorEncodings = (c.tensorEncodings ?? [])
    .map(encodingFromWire)
    .filter((e): e is TensorEncoding => e !== undefined);
  return {
    kind: 'hello',
    clientId: requiredString(w.clientId, 'hello.clientId'),
    stationIds: w.stationIds ?? [],
    capabilities: {
      backend: c.backend ?? '',
      tensorEncodings,
      maxMessageBytes: safeInteger(c.maxMessageBytes, 'hello.capabilities.maxMessageBytes'),
    },
    dataSummary: {
      windows: safeInteger(d.windows, 'hello.dataSummary.windows'),
      positives: safeInteger(d.positives, 'hello.dataSummary.positives'),
      hours,
    },
  };
}

export function welcomeToProto(m: Welcome): WireWelcome {
  return {
    sessionId: requiredString(m.sessionId, 'welcome.sessionId'),
    config: encodeMap(m.config, 'welcome.config'),
    heartbeatIntervalMs: uint32(m.heartbeatIntervalMs, 'welcome.heartbeatIntervalMs'),
    tensorEncoding: encodingToWire(m.tensorEncoding, 'welcome.tensorEncoding'),
  };
}

export function welcomeFromProto(w: WireWelcome): Welcome {
  return {
    kind: 'welcome',
    sessionId: requiredString(w.sessionId, 'welcome.sessionId'),
    config: decodeMap(w.config, 'welcome.config'),
    heartbeatIntervalMs: w.heartbeatIntervalMs ?? 0,
    tensorEncoding: requiredEncoding(w.tensorEncoding, 'welcome.tensorEncoding'),
  };
}

export function heartbeatToProto(m: Heartbeat): WireHeartbeat {
  return { timestampMs: uint64(m.timestampMs, 'heartbeat.timestampMs') };
}

export function heartbeatFromProto(w: WireHeartbeat): Heartbeat {
  return { kind: 'heartbeat', timestampMs: safeInteger(w.timestampMs, 'heartbeat.timestampMs') };
}

export function errorToProto(m: ErrorMessage): WireError {
  return { code: requiredString(m.code, 'error.code'), message: m.message };
}

export function errorFromProto(w: WireError): ErrorMessage {
  return { kind: 'error', code: requiredString(w.code, 'error.code'), message: w.message ?? '' };
}

export function reconnectToProto(m: Reconnect): WireReconnect {
  return { delayMs: uint32(m.delayMs, 'reconnect.delayMs'), reason: m.reason };
}

export function reconnectFromProto(w: WireReconnect): Reconnect {
  return { kind: 'reconnect', delayMs: w.delayMs ?? 0, reason: w.reason ?? '' };
}

export function byeToProto(m: Bye): WireBye {
  return { reason: m.reason };
}

export function byeFromProto(w: WireBye): Bye {
  return { kind: 'bye', reason: w.reason ?? '' };
}
