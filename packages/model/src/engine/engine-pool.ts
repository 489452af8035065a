/**
 * Idle fused-engine instances of this thread. A training run holds its instance across the event-loop
 * yields of `trainLocal`, so concurrent runs each take their own; instances (and their memory) are
 * kept for the next run rather than recompiled.
 */
import { FusedEngine } from './fused-engine.js';

const idle: FusedEngine[] = [];

/** An engine for one run; give it back with {@link releaseEngine}. */
export function acquireEngine(): FusedEngine {
  return idle.pop() ?? new FusedEngine();
}

/** Returns an engine taken with {@link acquireEngine}. */
export function releaseEngine(engine: FusedEngine): void {
  idle.push(engine);
}
