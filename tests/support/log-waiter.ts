/**
 * Waiting on a coordinator's structured log instead of sleeping: shared by the in-process harness and
 * the child-process wrapper.
 */
import type { EventEmitter } from 'node:events';
import type { LogRecord } from '@quakefed/core';

/** Resolves with the first record (past or future) of `event` matching `filter`. */
export type WaitForLog = (event: string, filter?: (r: LogRecord) => boolean) => Promise<LogRecord>;

/**
 * @param logs every record so far (the caller keeps appending)
 * @param events emits `'log'` with each new record
 * @param whenEnded registers a callback for when no more records will come (engine failed, process
 *   exited), so a test waiting for an event that never comes fails instead of hanging
 */
export function logWaiter(
  logs: LogRecord[],
  events: EventEmitter,
  whenEnded: (fail: (reason: string, cause?: unknown) => void) => void,
): WaitForLog {
  return (event, filter = () => true) => {
    const match = (r: LogRecord): boolean => r.msg === event && filter(r);
    const past = logs.find(match);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const listener = (r: LogRecord): void => {
        if (!match(r)) return;
        events.off('log', listener);
        resolve(r);
      };
      events.on('log', listener);
      whenEnded((reason, cause) => {
        events.off('log', listener);
        reject(new Error(`${reason} before "${event}"`, { cause }));
      });
    });
  };
}
