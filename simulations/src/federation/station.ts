/**
 * One simulated gateway: a real `FederatedClient` of the client package over a real WebSocket, with
 * its own data source and a trainer backed by the shared pool. Faults are injected around the trainer:
 * a straggler's results are held back; a dropout crashes the gateway mid-task (no reply is sent, the
 * socket closes) and a fresh client with the same id boots again after `rebootDelayMs`, as a rebooting
 * gateway would; a poisoner sends its update scaled (×100 by default), as a hostile gateway would.
 */
import { FederatedClient, type DataSource, type Trainer } from '@quakefed/client';
import type { Parameters } from '@quakefed/proto';
import { createRng, type Rng } from '@quakefed/seismic';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import type { FaultConfig } from '../scenario.js';

/** How one simulated station connects and misbehaves. */
export interface StationOptions {
  id: string;
  server: string;
  source: DataSource;
  /** The pool's shared trainer. */
  trainer: Trainer;
  /** Local data budget (max windows per round) and the seed of its negative subsampling. */
  maxWindows: number;
  seed: number;
  faults: FaultConfig;
  straggler: boolean;
  /** Sends its update (trained − global) times `faults.poisonScale` instead of the update itself (default false). */
  poisoner?: boolean;
  /** Pause between a crash and the gateway's reboot. */
  rebootDelayMs: number;
  /** Called when an injected fault happens. */
  onFault?: (fault: 'dropout' | 'straggler') => void;
}

/** `global + scale × (trained − global)`, tensor by tensor. */
function scaledUpdate(global: Parameters, trained: Parameters, scale: number): Parameters {
  return trained.map((t, i) => {
    const g = global[i]!.data;
    return { ...t, data: t.data.map((v, j) => g[j]! + scale * (v - g[j]!)) };
  });
}

/** Reconnect quickly: a simulation should not wait minutes for the production backoff ceiling. */
const SIM_BACKOFF = { backoffBaseMs: 100, backoffFactor: 2, backoffMaxMs: 2_000 } as const;

export class SimulatedStation {
  private client: FederatedClient | null = null;
  private readonly rng: Rng;
  private stopped = false;
  private reboot: NodeJS.Timeout | null = null;
  /** Fit tasks answered with a result (not counting dropped ones). */
  fitsDone = 0;

  constructor(private readonly o: StationOptions) {
    this.rng = createRng(o.seed ^ 0x5bd1e995);
  }

  /** Connects (resolves once the client has started; the handshake completes in the background). */
  async start(): Promise<void> {
    this.client = this.makeClient();
    await this.client.start();
  }

  /** Says Bye and closes for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reboot) clearTimeout(this.reboot);
    await this.client?.stop('simulation finished');
  }

  private makeClient(): FederatedClient {
    const o = this.o;
    const client = new FederatedClient(
      {
        server: o.server,
        stationIds: [o.id],
        clientId: o.id,
        jitterSeed: o.seed,
        ...SIM_BACKOFF,
        // A crashed gateway abandons its task at once instead of finishing it.
        shutdownGraceMs: 0,
        budget: { maxWindows: o.maxWindows, seed: o.seed },
      },
      { source: o.source, trainer: this.faultyTrainer() },
    );
    client.on('fitDone', (e) => {
      if (e.ok) this.fitsDone++;
    });
    return client;
  }

  /** Wraps the shared trainer with this station's faults. */
  private faultyTrainer(): Trainer {
    const base = this.o.trainer;
    const { faults } = this.o;
    return {
      backend: () => base.backend(),
      evaluate: (task) => base.evaluate(task),
      dispose: async () => {},
      fit: async (task) => {
        let outcome: Awaited<ReturnType<Trainer['fit']>>;
        try {
          if (this.rng.next() < faults.dropoutProbability) {
            this.o.onFault?.('dropout');
            await this.crash();
            throw new SimulationError(SIM_ERROR_CODES.federationFailed, 'gateway crashed (injected dropout)');
          }
          outcome = await base.fit(task);
        } finally {
          // The round's windows are no longer needed: a simulated source bounds how many stations hold theirs.
          (this.o.source as { trainingDone?: () => void }).trainingDone?.();
        }
        if (this.o.poisoner)
          outcome = { ...outcome, parameters: scaledUpdate(task.parameters, outcome.parameters, faults.poisonScale) };
        if (this.o.straggler && faults.stragglerDelayMs > 0) {
          this.o.onFault?.('straggler');
          await new Promise((r) => setTimeout(r, faults.stragglerDelayMs));
        }
        return outcome;
      },
    };
  }

  /**
   * Stops the client without finishing its task (grace 0: the running fit is abandoned, so no result is
   * sent) and boots a new one later.
   */
  private async crash(): Promise<void> {
    const crashed = this.client;
    this.client = null;
    await crashed?.stop('crash');
    if (this.stopped) return;
    this.reboot = setTimeout(() => {
      this.reboot = null;
      if (this.stopped) return;
      this.client = this.makeClient();
      void this.client.start();
    }, this.o.rebootDelayMs);
  }
}
