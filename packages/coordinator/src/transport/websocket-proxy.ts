/** {@link ClientProxy} over one WebSocket session (created by the WebSocket transport after Hello). */
import type { WebSocket } from 'ws';
import {
  encodeMessage,
  type EvaluateIns,
  type EvaluateRes,
  type FitIns,
  type FitRes,
  type Message,
} from '@quakefed/proto';
import { CLOSE_CODES, PARAMETER_ENCODING } from '../constants.js';
import { ClientFailureError, COORDINATOR_ERROR_CODES } from '../errors.js';
import type { Logger } from '@quakefed/core';
import type { ClientInfo } from '../strategy/types.js';
import { PendingReplies } from './pending-replies.js';
import type { ClientProxy, DiscardListener } from './types.js';

/**
 * Encoded frames by message object: the engine sends one FitIns object to every client with the same
 * config, so a round encodes the model once per distinct config, not once per client.
 */
const frames = new WeakMap<Message, Uint8Array>();

function frameOf(message: Message): Uint8Array {
  let frame = frames.get(message);
  if (!frame) {
    frame = encodeMessage(message, { tensorEncoding: PARAMETER_ENCODING });
    frames.set(message, frame);
  }
  return frame;
}

/** One accepted WebSocket session as the engine sees it: sends requests, matches their replies. */
export class WebSocketClientProxy implements ClientProxy {
  private readonly pending = new PendingReplies();

  constructor(
    readonly info: ClientInfo,
    readonly sessionId: string,
    private readonly socket: WebSocket,
    private readonly logger: Logger,
    private readonly onDiscard: DiscardListener,
    /** Called for every task sent: its reply is expected (the transport budgets a frame for it). */
    private readonly expectReply: () => void,
  ) {}

  fit(ins: FitIns, signal: AbortSignal): Promise<FitRes> {
    const reply = this.pending.wait<FitRes>('fitRes', ins.round, ins.modelVersion, signal);
    this.sendTask(ins);
    return reply;
  }

  evaluate(ins: EvaluateIns, signal: AbortSignal): Promise<EvaluateRes> {
    const reply = this.pending.wait<EvaluateRes>('evaluateRes', ins.round, ins.modelVersion, signal);
    this.sendTask(ins);
    return reply;
  }

  reconnect(delayMs: number, reason: string): void {
    this.send({ kind: 'reconnect', delayMs, reason });
    this.close(CLOSE_CODES.NORMAL, reason);
  }

  bye(reason: string): void {
    this.send({ kind: 'bye', reason });
    this.close(CLOSE_CODES.GOING_AWAY, reason);
  }

  close(code: number, reason: string): void {
    this.closed(`closed by coordinator: ${reason}`);
    this.socket.close(code, reason.slice(0, 120));
  }

  /** Routes a decoded message from the client (called by the transport). */
  handleMessage(message: Message): void {
    switch (message.kind) {
      case 'fitRes':
      case 'evaluateRes': {
        const { kind, round, modelVersion } = message;
        const reason = this.pending.deliver(kind, round, modelVersion, message);
        if (reason) this.onDiscard({ clientId: this.info.id, kind, round, modelVersion, reason });
        return;
      }
      case 'error':
        // The client could not accept something we sent: whatever it was working on is lost.
        this.logger.warn('client_error', { clientId: this.info.id, code: message.code, message: message.message });
        this.pending.failAll(
          new ClientFailureError(COORDINATOR_ERROR_CODES.clientFailed, `${message.code}: ${message.message}`),
        );
        return;
      case 'bye':
        this.logger.info('client_bye', { clientId: this.info.id, reason: message.reason });
        this.close(CLOSE_CODES.NORMAL, 'bye');
        return;
      default:
        return; // heartbeats only prove liveness (handled by the transport)
    }
  }

  /** Marks the session closed: pending and future requests fail as disconnected. */
  closed(why: string): void {
    this.pending.close(
      new ClientFailureError(COORDINATOR_ERROR_CODES.clientDisconnected, `client ${this.info.id}: ${why}`),
    );
  }

  private sendTask(task: FitIns | EvaluateIns): void {
    this.expectReply();
    this.send(task);
  }

  private send(message: Message): void {
    if (this.socket.readyState !== this.socket.OPEN) return; // pending requests fail via 'close'
    this.socket.send(frameOf(message), { binary: true }, (err) => {
      if (!err) return;
      this.logger.warn('send_failed', { clientId: this.info.id, kind: message.kind, error: err });
      this.socket.terminate();
    });
  }
}
