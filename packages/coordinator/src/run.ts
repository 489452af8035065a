/** Runs a coordinator as a process: until SIGINT/SIGTERM (or, optionally, until training is done). */
import type { CoordinatorOptions } from './defaults.js';
import { Coordinator, type CoordinatorDeps } from './server.js';

/** How the process ends. */
export interface RunOptions {
  /** Stop once all rounds are committed (default: keep serving `/model` and `/status` until a signal). */
  exitWhenDone?: boolean;
}

/**
 * Starts a coordinator and resolves after a clean shutdown (SIGINT/SIGTERM, or training done with
 * `exitWhenDone`). Rejects if the round engine fails (e.g. the state dir is not writable), after stopping.
 */
export async function runCoordinator(
  options: Partial<CoordinatorOptions>,
  run: RunOptions = {},
  deps: CoordinatorDeps = {},
): Promise<void> {
  const coordinator = new Coordinator(options, deps);
  await coordinator.start();
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      onSignal = (signal) => {
        coordinator.logger.info('signal', { signal });
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      coordinator.finished.then(() => {
        if (run.exitWhenDone) resolve();
      }, reject);
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await coordinator.stop();
  }
}
