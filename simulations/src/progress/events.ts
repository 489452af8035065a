/**
 * Events a simulation emits while it runs. The runner only emits them; how they are shown (progress bar,
 * JSON lines, nothing) is the caller's choice (see `progress/reporters.ts`).
 */
import type { ArmResult } from '../eval/types.js';

export type SimEvent =
  /** The run directory was created: until `done`, what it holds is a partial run. */
  | { type: 'started'; runDir: string }
  /** A stage of the run starts (data generation, a federated run, a baseline, the report). */
  | { type: 'phase'; phase: string; detail?: string }
  /** A federated round committed; `prAuc` and `bestF1` are on the validation stations. */
  | {
      type: 'round';
      arm: string;
      round: number;
      rounds: number;
      sampled: number;
      returned: number;
      failures: number;
      elapsedMs: number;
      prAuc: number;
      bestF1: number;
      trainLoss: number | null;
      serverStep: number | null;
    }
  /** An injected fault happened (coordinator restart, client dropout). */
  | {
      type: 'fault';
      arm: string;
      round: number;
      fault: 'coordinator-restart' | 'dropout' | 'straggler';
      detail: string;
    }
  /** One compared model was scored on the test stations. */
  | { type: 'result'; result: Pick<ArmResult, 'id' | 'label' | 'window' | 'event'> }
  /** The run finished; its directory holds the report. */
  | { type: 'done'; runDir: string; wallMs: number };

/** Receives the events of a run. */
export type SimEventListener = (event: SimEvent) => void;
