/** The transport seam: the round engine talks to clients only through {@link ClientProxy}. */
import type { EvaluateIns, EvaluateRes, FitIns, FitRes } from '@quakefed/proto';
import type { ClientInfo } from '../strategy/types.js';

/** One connected client session, whatever carries it (WebSocket in production, memory in tests). */
export interface ClientProxy {
  /** Client id, station ids and capabilities from Hello. */
  readonly info: ClientInfo;
  /** Unique id of this session (a reconnect with the same client id gets a new one). */
  readonly sessionId: string;
  /**
   * Sends FitIns and resolves with the client's FitRes for the same round and model version (a reply
   * for another round or version is discarded, never returned).
   * Rejects with a ClientFailureError when the client disconnects (`QF_ERR_CLIENT_DISCONNECTED`) or with
   * `signal.reason` when `signal` aborts (deadline, shutdown); a reply arriving after that is discarded.
   */
  fit(ins: FitIns, signal: AbortSignal): Promise<FitRes>;
  /** Same as `fit` for evaluation. */
  evaluate(ins: EvaluateIns, signal: AbortSignal): Promise<EvaluateRes>;
  /** Asks the client to disconnect and come back after `delayMs`. */
  reconnect(delayMs: number, reason: string): void;
  /** Says goodbye and closes the session. */
  bye(reason: string): void;
  /** Closes the session with a close code; pending requests fail as disconnected. */
  close(code: number, reason: string): void;
}

/** Why a reply did not reach the engine. */
export type DiscardReason = 'no-pending-request' | 'round-mismatch';

/** A reply that was dropped (a late straggler, a reply for another round or version). */
export interface DiscardEvent {
  clientId: string;
  kind: 'fitRes' | 'evaluateRes';
  round: number;
  modelVersion: number;
  reason: DiscardReason;
}

/** Called for every reply that is dropped. */
export type DiscardListener = (event: DiscardEvent) => void;
