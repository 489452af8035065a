/**
 * Outstanding requests of one client session, matched to replies by (kind, round, model version).
 * Shared by the transports so that deadlines, disconnects and stale replies behave the same everywhere.
 */
import { ClientFailureError, COORDINATOR_ERROR_CODES } from '../errors.js';
import type { DiscardReason } from './types.js';

type Waiter = { resolve: (value: unknown) => void; reject: (err: Error) => void };

const keyOf = (kind: string, round: number, modelVersion: number): string => `${kind}:${round}:${modelVersion}`;

/** The requests of one session that wait for a reply, keyed by (kind, round, model version). */
export class PendingReplies {
  private readonly waiters = new Map<string, Waiter>();
  private closedWith: Error | null = null;

  /**
   * Waits for the reply of `kind` to `round`/`modelVersion`. Rejects with `signal.reason` on abort and
   * with the close error once the session is closed.
   */
  wait<T>(kind: string, round: number, modelVersion: number, signal: AbortSignal): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    const key = keyOf(kind, round, modelVersion);
    this.waiters
      .get(key)
      ?.reject(new ClientFailureError(COORDINATOR_ERROR_CODES.clientFailed, `superseded request ${key}`));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters.delete(key);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(key, {
        resolve: (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v as T);
        },
        reject: (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
    });
  }

  /** Hands a reply to its waiter. @returns `null` if delivered, else why it was discarded */
  deliver(kind: string, round: number, modelVersion: number, value: unknown): DiscardReason | null {
    const key = keyOf(kind, round, modelVersion);
    const waiter = this.waiters.get(key);
    if (!waiter) {
      const sameKind = [...this.waiters.keys()].some((k) => k.startsWith(`${kind}:`));
      return sameKind ? 'round-mismatch' : 'no-pending-request';
    }
    this.waiters.delete(key);
    waiter.resolve(value);
    return null;
  }

  /** Fails every outstanding request with `err` (e.g. the client reported an error). */
  failAll(err: Error): void {
    const waiters = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of waiters) w.reject(err);
  }

  /** Fails every outstanding and future request with `err`. */
  close(err: Error): void {
    this.closedWith ??= err;
    this.failAll(err);
  }
}
