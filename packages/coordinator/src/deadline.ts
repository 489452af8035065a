/** Abort-signal helpers for round deadlines and interruptible pauses. */
import { ClientFailureError, COORDINATOR_ERROR_CODES } from './errors.js';

/**
 * A signal that aborts when `parent` aborts (with its reason) or after `ms` (with a
 * `QF_ERR_DEADLINE_EXCEEDED` ClientFailureError). Call `dispose` when done to clear the timer.
 */
export function deadlineSignal(
  parent: AbortSignal,
  ms: number,
  what: string,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParent = (): void => controller.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  const timer = setTimeout(() => {
    controller.abort(
      new ClientFailureError(COORDINATOR_ERROR_CODES.deadlineExceeded, `${what}: deadline of ${ms} ms passed`),
    );
  }, ms);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}

/** Resolves after `ms`, or rejects with `signal.reason` as soon as `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
