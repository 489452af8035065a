/**
 * Domain messages: what coordinator and client code handle. They mirror the bodies of the wire
 * `Envelope` (schema/quakefed.proto) but use plain numbers, Float32Array tensors and decoded maps;
 * convert/ translates between the two.
 */
import type { ConfigMap, ConfusionCounts, Parameters, ScoreHistogram, TensorEncoding } from './types.js';

/** What a client can do. */
export interface Capabilities {
  /** Compute backend in use, e.g. `tfjs-node`, `wasm`, `cpu`. */
  backend: string;
  /** Tensor encodings the client decodes; always includes `f32`. Unknown wire values are dropped. */
  tensorEncodings: TensorEncoding[];
  /** Largest frame the client accepts, bytes; 0 = the default limit. */
  maxMessageBytes: number;
}

/** Size of a client's local data set: counts only, never data. */
export interface DataSummary {
  windows: number;
  positives: number;
  hours: number;
}

/** Outcome of a fit or evaluate task on the client. */
export type TaskStatus = { ok: true } | { ok: false; code: string; message: string };

export interface Hello {
  kind: 'hello';
  clientId: string;
  /** FDSN NSLC station ids, e.g. `AM.R24FA.00.EHZ`. */
  stationIds: string[];
  capabilities: Capabilities;
  dataSummary: DataSummary;
}

export interface Welcome {
  kind: 'welcome';
  sessionId: string;
  /** Config assigned to the client for the session. */
  config: ConfigMap;
  /** Heartbeat period the client must keep, ms; 0 = none. */
  heartbeatIntervalMs: number;
  /** Encoding the coordinator uses for parameters sent to this client. */
  tensorEncoding: TensorEncoding;
}

export interface FitIns {
  kind: 'fitIns';
  round: number;
  modelVersion: number;
  parameters: Parameters;
  config: ConfigMap;
}

export interface FitRes {
  kind: 'fitRes';
  round: number;
  modelVersion: number;
  /** Updated parameters; empty when `status.ok` is false. */
  parameters: Parameters;
  numExamples: number;
  metrics: ConfigMap;
  status: TaskStatus;
}

export interface EvaluateIns {
  kind: 'evaluateIns';
  round: number;
  modelVersion: number;
  /** Parameters to evaluate; empty = the client's copy of `modelVersion`. */
  parameters: Parameters;
  config: ConfigMap;
}

export interface EvaluateRes {
  kind: 'evaluateRes';
  round: number;
  modelVersion: number;
  /** Mean loss over `numExamples`; finite. */
  loss: number;
  numExamples: number;
  confusion: ConfusionCounts;
  histogram: ScoreHistogram;
  metrics: ConfigMap;
  status: TaskStatus;
}

export interface Heartbeat {
  kind: 'heartbeat';
  /** Sender's clock, Unix epoch ms. */
  timestampMs: number;
}

/** The peer sent something this side cannot accept. */
export interface ErrorMessage {
  kind: 'error';
  code: string;
  message: string;
}

/** Close and come back after `delayMs`. */
export interface Reconnect {
  kind: 'reconnect';
  delayMs: number;
  reason: string;
}

export interface Bye {
  kind: 'bye';
  reason: string;
}

/** Every message of the protocol, discriminated by `kind`. */
export type Message =
  | Hello
  | Welcome
  | FitIns
  | FitRes
  | EvaluateIns
  | EvaluateRes
  | Heartbeat
  | ErrorMessage
  | Reconnect
  | Bye;

/** A `kind` value. */
export type MessageKind = Message['kind'];

/** A decoded frame: the message with its envelope header. */
export interface Envelope<M extends Message = Message> {
  protocolVersion: number;
  /** Sender's id for this frame; 0 = unset. */
  messageId: number;
  /** Id of the frame this one answers; 0 = none. */
  replyTo: number;
  message: M;
}
