/** Constants of the coordinator: WebSocket close codes (range 4100–4199 per the proto package), names and labels. */

/** Close codes the coordinator uses for its own reasons (protocol errors use the proto package's). */
export const CLOSE_CODES = {
  /** Normal end of session (Bye). */
  NORMAL: 1000,
  /** The coordinator is shutting down. */
  GOING_AWAY: 1001,
  /** A newer session with the same client id replaced this one. */
  REPLACED: 4100,
  /** No Hello within `helloTimeoutMs`. */
  HELLO_TIMEOUT: 4101,
  /** A message other than Hello arrived before the handshake (unknown client). */
  UNKNOWN_CLIENT: 4102,
  /** Hello was invalid (empty client id, ...). */
  BAD_HELLO: 4103,
  /** Text frame: the protocol is binary only. */
  TEXT_FRAME: 4104,
  /** More frames than the connection's budget (`frameBurst`, `framesPerSecond`). */
  FRAME_RATE: 4105,
} as const;

/** Message kinds a coordinator accepts after the handshake. */
export const CLIENT_MESSAGE_KINDS = ['fitRes', 'evaluateRes', 'heartbeat', 'error', 'bye'] as const;

/** Tensor encoding used for parameters sent to clients: lossless, so FedAvg stays exact. */
export const PARAMETER_ENCODING = 'f32' as const;

/**
 * The payload limit sized to the model (option `maxPayloadBytes: null`): this many times the encoded fit
 * task, room for a client's result in any encoding plus its metrics, and far from the 256 MiB that once
 * let four connections hold 1 GB before saying Hello.
 */
export const PAYLOAD_MODEL_MULTIPLE = 4;

/** Floor of the model-sized payload limit, bytes: a tiny test model still gets room for Hello and errors. */
export const MIN_PAYLOAD_BYTES = 1024 * 1024;

/**
 * How long a coordinator stopping before its last round asks its clients to wait before reconnecting
 * (`Reconnect`): a restart or an upgrade is typically back within seconds, and clients then come back
 * together instead of each on its own backoff.
 */
export const RESTART_RECONNECT_DELAY_MS = 5000;

/** model.json's `generatedBy` in the checkpoints and at `GET /model/model.json`. */
export const MODEL_JSON_GENERATOR = 'quakefed-coordinator';
