/**
 * Where `initBackend` announces the tfjs backend it chose. Kept apart from backend selection (backend.ts)
 * because it imports nothing from tfjs: a process routes the announcement into its log at start-up
 * (`@quakefed/model/backend-announcement`) without loading tfjs, which only the model's first use loads.
 */

/** The current listener: a plain stderr line unless replaced. */
let announce: (description: string) => void = (description) =>
  void process.stderr.write(`[quakefed/model] tfjs backend: ${description}\n`);

/**
 * Routes the announcement of the chosen backend (e.g. into a process's structured log, whose lines must
 * all be JSON) instead of the plain stderr line.
 */
export function onBackendChosen(listener: (description: string) => void): void {
  announce = listener;
}

/** Announces the chosen backend to the current listener (called by `initBackend`). */
export function announceBackend(description: string): void {
  announce(description);
}
