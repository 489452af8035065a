/**
 * The bytes of a received WebSocket message, whatever form the `ws` library hands it over in (a
 * Buffer, an ArrayBuffer, or fragments of one message): what the coordinator and the client decode.
 */

/** A message as `ws` delivers it (`WebSocket.RawData`), without depending on `ws` here. */
export type ReceivedFrame = Uint8Array | ArrayBuffer | readonly Uint8Array[];

/** The message's bytes as one Uint8Array (fragments concatenated; no copy otherwise). */
export function frameBytes(data: ReceivedFrame): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data as readonly Uint8Array[]);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array);
}
