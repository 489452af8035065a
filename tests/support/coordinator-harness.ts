/**
 * In-process coordinator for tests: port 0, logs captured as records (nothing printed), and
 * `waitForLog` to synchronise on events instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import { Coordinator, type CoordinatorDeps, type CoordinatorOptions } from '@quakefed/coordinator';
import { createLogger, type LogRecord } from '@quakefed/core';
import type { Parameters } from '@quakefed/proto';
import { logWaiter, type WaitForLog } from './log-waiter.js';

export interface Harness {
  coordinator: Coordinator;
  url: string;
  http: string;
  logs: LogRecord[];
  /**
   * Resolves with the first record (past or future) of `event` matching `filter`; rejects if the round
   * engine fails first, so a test waiting for an event that will never come fails instead of hanging.
   */
  waitForLog: WaitForLog;
}

/** A small model layout: two tensors, seven values. */
export function smallModel(): Parameters {
  return [
    { name: 'dense/kernel', shape: [3, 2], data: Float32Array.from([0, 1, 2, 3, 4, 5]) },
    { name: 'dense/bias', shape: [1], data: Float32Array.from([10]) },
  ];
}

/** Options for fast tests: no evaluation, no retry pause, generous deadlines (tests never wait for them). */
export const TEST_OPTIONS: Partial<CoordinatorOptions> = {
  host: '127.0.0.1',
  port: 0,
  logLevel: 'debug',
  evaluateEvery: 0,
  retryDelayMs: 0,
  roundDeadlineMs: 60_000,
};

export async function startCoordinator(
  options: Partial<CoordinatorOptions>,
  deps: CoordinatorDeps = {},
): Promise<Harness> {
  const logs: LogRecord[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const logger = createLogger({
    level: 'debug',
    write: () => {},
    onRecord: (r) => {
      logs.push(r);
      events.emit('log', r);
    },
  });
  const coordinator = new Coordinator(
    { ...TEST_OPTIONS, ...options },
    { initialParameters: smallModel(), logger, ...deps },
  );
  const address = await coordinator.start();
  const waitForLog = logWaiter(logs, events, (fail) => {
    coordinator.finished.catch((err: unknown) => fail('round engine failed', err));
  });
  return { coordinator, url: address.url, http: address.url.replace(/^ws/, 'http'), logs, waitForLog };
}

/** Runs `body` against a coordinator started with `options`, stopping it afterwards whatever happens. */
export async function withCoordinator(
  options: Partial<CoordinatorOptions>,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const h = await startCoordinator(options);
  try {
    await body(h);
  } finally {
    await h.coordinator.stop();
  }
}
