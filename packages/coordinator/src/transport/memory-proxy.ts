/**
 * In-memory {@link ClientProxy} for pure round-engine tests: handlers stand in for a client's training
 * and evaluation, with the same reply matching (deadlines, stale replies) as the WebSocket proxy.
 */
import type { EvaluateIns, EvaluateRes, FitIns, FitRes } from '@quakefed/proto';
import { ClientFailureError, COORDINATOR_ERROR_CODES } from '../errors.js';
import type { ClientInfo } from '../strategy/types.js';
import { PendingReplies } from './pending-replies.js';
import type { ClientProxy, DiscardListener } from './types.js';

/** What the simulated client does; a missing handler never answers. */
export interface InMemoryHandlers {
  fit?(ins: FitIns): Promise<FitRes> | FitRes;
  evaluate?(ins: EvaluateIns): Promise<EvaluateRes> | EvaluateRes;
}

let sessions = 0;

/** A client session in the same process, answering through {@link InMemoryHandlers}. */
export class InMemoryClientProxy implements ClientProxy {
  readonly sessionId = `memory-${++sessions}`;
  /** Control messages received (`bye:<reason>`, `reconnect:<ms>`, `close:<code>`), for assertions. */
  readonly received: string[] = [];
  private readonly pending = new PendingReplies();

  constructor(
    readonly info: ClientInfo,
    private readonly handlers: InMemoryHandlers,
    private readonly onDiscard: DiscardListener = () => {},
  ) {}

  fit(ins: FitIns, signal: AbortSignal): Promise<FitRes> {
    const reply = this.pending.wait<FitRes>('fitRes', ins.round, ins.modelVersion, signal);
    if (this.handlers.fit) this.answer(() => this.handlers.fit!(ins));
    return reply;
  }

  evaluate(ins: EvaluateIns, signal: AbortSignal): Promise<EvaluateRes> {
    const reply = this.pending.wait<EvaluateRes>('evaluateRes', ins.round, ins.modelVersion, signal);
    if (this.handlers.evaluate) this.answer(() => this.handlers.evaluate!(ins));
    return reply;
  }

  reconnect(delayMs: number): void {
    this.received.push(`reconnect:${delayMs}`);
  }

  bye(reason: string): void {
    this.received.push(`bye:${reason}`);
    this.close(1000, reason);
  }

  close(code: number, reason: string): void {
    this.received.push(`close:${code}`);
    this.pending.close(new ClientFailureError(COORDINATOR_ERROR_CODES.clientDisconnected, `session closed: ${reason}`));
  }

  private answer(handler: () => Promise<FitRes | EvaluateRes> | FitRes | EvaluateRes): void {
    Promise.resolve()
      .then(handler)
      .then(
        (res) => {
          const { kind, round, modelVersion } = res;
          const reason = this.pending.deliver(kind, round, modelVersion, res);
          if (reason) this.onDiscard({ clientId: this.info.id, kind, round, modelVersion, reason });
        },
        (err: unknown) =>
          this.pending.failAll(
            new ClientFailureError(COORDINATOR_ERROR_CODES.clientFailed, String(err), { cause: err }),
          ),
      );
  }
}
