/**
 * Config and metrics maps (string → number | string | boolean | bytes) as msgpack bytes.
 *
 * Plain msgpack (no msgpackr records/structures extension) so peers in any language can read them:
 * a map whose keys are strings and whose values are int/float, str, bool or bin. An empty map is sent
 * as zero bytes (the proto3 default), which decodes to `{}`.
 */
import { Packr } from 'msgpackr';
import { PROTO_ERROR_CODES, ProtocolError } from './errors.js';
import type { ConfigMap, ConfigValue } from './types.js';

const packr = new Packr({
  useRecords: false,
  mapsAsObjects: false, // decode to Map: keys like "__proto__" cannot touch prototypes
  int64AsType: 'number',
  variableMapSize: true,
});

function isConfigValue(value: unknown): value is ConfigValue {
  return (
    typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value instanceof Uint8Array
  );
}

/**
 * Encodes a map as msgpack.
 * @throws ProtocolError `QF_ERR_BAD_MAP` when a value is not number / string / boolean / Uint8Array.
 */
export function encodeMap(map: ConfigMap, path: string): Uint8Array {
  const entries = Object.entries(map);
  if (entries.length === 0) return new Uint8Array(0);
  for (const [key, value] of entries) {
    if (!isConfigValue(value)) {
      throw new ProtocolError(PROTO_ERROR_CODES.badMap, `${path}.${key} has unsupported type ${typeof value}`);
    }
  }
  return packr.pack(new Map(entries));
}

/**
 * Decodes and validates msgpack map bytes.
 * @throws ProtocolError `QF_ERR_BAD_MAP` when the bytes are not one msgpack map of allowed values.
 */
export function decodeMap(bytes: Uint8Array | undefined, path: string): ConfigMap {
  if (!bytes || bytes.length === 0) return {};
  let decoded: unknown;
  try {
    decoded = packr.unpack(bytes);
  } catch (error) {
    throw new ProtocolError(PROTO_ERROR_CODES.badMap, `${path} is not valid msgpack`, { cause: error });
  }
  if (!(decoded instanceof Map)) {
    throw new ProtocolError(PROTO_ERROR_CODES.badMap, `${path} is not a msgpack map`);
  }
  const out: ConfigMap = {};
  for (const [key, value] of decoded as Map<unknown, unknown>) {
    if (typeof key !== 'string') throw new ProtocolError(PROTO_ERROR_CODES.badMap, `${path} has a non-string key`);
    if (!isConfigValue(value)) {
      throw new ProtocolError(PROTO_ERROR_CODES.badMap, `${path}.${key} has unsupported type`);
    }
    // msgpackr returns Node Buffers for bin; hand out plain Uint8Array views of the same bytes.
    Object.defineProperty(out, key, {
      value: value instanceof Uint8Array ? new Uint8Array(value.buffer, value.byteOffset, value.length) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
