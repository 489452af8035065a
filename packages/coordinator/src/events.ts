/**
 * What a running coordinator tells its embedder in process, as typed events (the simulator and the
 * tests subscribe to them; the log lines say the same for operators): a round's fit started, a round
 * committed (with the new global model), a round retried, a client failed its task, a result arrived
 * too late or for another round and was discarded.
 */
import type { EventEmitter } from 'node:events';
import type { Parameters } from '@quakefed/proto';
import type { RoundMetrics } from './strategy/types.js';
import type { DiscardEvent } from './transport/types.js';

/** Event name → listener arguments. */
export interface CoordinatorEvents {
  roundStarted: [{ round: number; attempt: number; sampled: string[] }];
  roundCommitted: [
    { round: number; attempts: number; fit: RoundMetrics; evaluate: RoundMetrics | null; parameters: Parameters },
  ];
  roundRetried: [{ round: number; attempt: number; results: number; failures: number; needed: number }];
  clientFailed: [{ what: string; clientId: string; error: Error }];
  resultDiscarded: [DiscardEvent];
}

/** Where the round engine reports its events (the coordinator itself). */
export type CoordinatorEventSink = Pick<EventEmitter<CoordinatorEvents>, 'emit'>;
