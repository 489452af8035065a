/**
 * `npm run bench -- simulate [--stations 500] [--rounds 3] [--fraction 0.1] [--budget 16]`
 *
 * Hundreds of simulated stations connected at once to one coordinator. The coordinator runs as its own
 * process (`quakefed coordinator --config …`) so its memory is measured apart from the stations'; the
 * stations are real WebSocket clients of the client package in this process, sharing the worker pool
 * that trains them. Prints stations simulated, connected at once, wall time per round, coordinator and
 * total peak RSS, and the live memory (JS heap + external buffers, after a full GC) each connected
 * client adds to this process before its first training round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  coordinatorOptions,
  makeTrainingStations,
  resolveScenario,
  SimulatedStation,
  TrainingPool,
} from '@quakefed/simulations';
import { flagValue } from '../args.js';

const BIN = fileURLToPath(new URL('../../../bin/quakefed.mjs', import.meta.url));
const MB = 1024 * 1024;

/** A full garbage collection (so a before/after difference measures live memory, not garbage). */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

/** Live JS memory of this process: heap plus buffers held outside it (sockets, typed arrays). */
function liveBytes(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** `numberFlag`, except that a bare number also gives `--stations` (`npm run bench -- simulate 1000`). */
function flag(args: string[], name: string, fallback: number): number {
  const value = flagValue(args, name);
  if (value !== undefined) return Number(value);
  const bare = args.find((a) => /^\d+$/.test(a));
  return name === '--stations' && bare ? Number(bare) : fallback;
}

/** Peak resident set (VmHWM) of a process, bytes; 0 once it has exited. */
async function peakRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Resolves with the first coordinator log record of `event` (JSON lines on its stderr). */
function logEvents(child: ChildProcess): (event: string) => Promise<Record<string, unknown>> {
  const waiting = new Map<string, ((r: Record<string, unknown>) => void)[]>();
  const seen: Record<string, unknown>[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const name = record.msg as string;
    seen.push(record);
    for (const resolve of waiting.get(name) ?? []) resolve(record);
    waiting.delete(name);
  });
  return (event) =>
    new Promise((resolve) => {
      const found = seen.find((r) => r.msg === event);
      if (found) resolve(found);
      else waiting.set(event, [...(waiting.get(event) ?? []), resolve]);
    });
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const stations = flag(args, '--stations', 500);
  const rounds = flag(args, '--rounds', 3);
  const scenario = resolveScenario({
    name: 'bench',
    stations,
    rounds,
    fractionFit: flag(args, '--fraction', 0.1),
    localBudget: flag(args, '--budget', 16),
    training: { epochs: 1 },
    data: { negativesPerStation: flag(args, '--budget', 16) },
    baselines: { localOnlyStations: 0 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'qf-bench-sim-'));
  const configPath = join(dir, 'coordinator.json');
  const options = {
    ...coordinatorOptions(scenario, 'focal', join(dir, 'state'), stations),
    heartbeatIntervalMs: 15_000,
  };
  await writeFile(configPath, JSON.stringify(options));
  const coordinator = spawn(process.execPath, [BIN, 'coordinator', '--config', configPath, '--exit-when-done'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => coordinator.on('exit', resolve));
  const waitFor = logEvents(coordinator);
  let coordinatorPeak = 0;
  const sampler = setInterval(
    () => void peakRss(coordinator.pid!).then((v) => (coordinatorPeak = Math.max(coordinatorPeak, v))),
    200,
  );

  const pool = new TrainingPool(0);
  try {
    const listening = await waitFor('listening');
    console.error(`coordinator at ${listening.url as string}; connecting ${stations} stations`);
    const members = makeTrainingStations(scenario, pool);
    await pool.backend();
    const liveBefore = liveBytes();
    const sims = members.map(
      (m) =>
        new SimulatedStation({
          id: m.id,
          server: listening.url as string,
          source: m.source,
          trainer: pool.trainer(),
          maxWindows: scenario.localBudget,
          seed: m.seed,
          faults: scenario.faults,
          straggler: false,
          rebootDelayMs: 500,
        }),
    );
    const started = Date.now();
    await Promise.all(sims.map((s) => s.start()));
    // minAvailable = every station: the first round starts only once all are connected.
    const first = await waitFor('fit_started');
    const liveConnected = liveBytes();
    const status = (await (await fetch(`http://127.0.0.1:${listening.port as number}/status`)).json()) as {
      connected: number;
    };
    const roundsStarted = Date.parse(first.time as string);
    const done = await waitFor('training_complete');
    const wallPerRound = (Date.parse(done.time as string) - roundsStarted) / rounds / 1000;
    console.error(
      `all ${stations} connected after ${((roundsStarted - started) / 1000).toFixed(1)} s; ${rounds} rounds done`,
    );
    coordinatorPeak = Math.max(coordinatorPeak, await peakRss(coordinator.pid!));
    await Promise.all(sims.map((s) => s.stop()));
    const clientPeak = process.resourceUsage().maxRSS * 1024;
    return {
      stations_simulated: stations,
      connected_at_once: status.connected,
      rounds,
      clients_per_round: (first.sampled as string[]).length,
      connect_all_s: Number(((roundsStarted - started) / 1000).toFixed(2)),
      wall_s_per_round: Number(wallPerRound.toFixed(2)),
      coordinator_peak_rss_mb: Number((coordinatorPeak / MB).toFixed(1)),
      stations_process_peak_rss_mb: Number((clientPeak / MB).toFixed(1)),
      total_peak_rss_mb: Number(((coordinatorPeak + clientPeak) / MB).toFixed(1)),
      per_client_kb: Number(((liveConnected - liveBefore) / stations / 1024).toFixed(1)),
      training_workers: pool.size,
      backend: await pool.backend(),
    };
  } finally {
    clearInterval(sampler);
    await pool.close();
    if (coordinator.exitCode === null) coordinator.kill('SIGTERM');
    await exited;
  }
}
