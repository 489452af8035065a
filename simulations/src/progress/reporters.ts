/**
 * Ways of showing a run's progress: a live progress bar per federated run (stderr, when it is a
 * terminal), one plain line per event otherwise, JSON lines on stdout for scripts, or nothing.
 */
import cliProgress from 'cli-progress';
import type { SimEvent, SimEventListener } from './events.js';

/** Output modes of `quakefed simulate | experiment | demo`. */
export type ProgressMode = 'auto' | 'quiet' | 'json';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** A listener for the mode. `auto`: a progress bar on a TTY, plain lines otherwise. */
export function progressListener(
  mode: ProgressMode,
  stderr: NodeJS.WriteStream = process.stderr,
  stdout: NodeJS.WritableStream = process.stdout,
): SimEventListener & { stop(): void } {
  if (mode === 'quiet') return Object.assign(() => {}, { stop() {} });
  if (mode === 'json') {
    return Object.assign(
      (e: SimEvent) => void stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`),
      { stop() {} },
    );
  }
  return stderr.isTTY ? barListener(stderr) : lineListener(stderr);
}

/** One human-readable line for an event (also used around the progress bar). */
export function describeEvent(e: SimEvent): string {
  switch (e.type) {
    case 'started':
      return `run directory: ${e.runDir}`;
    case 'phase':
      return `▶ ${e.phase}${e.detail ? ` — ${e.detail}` : ''}`;
    case 'round':
      return `  ${e.arm} round ${e.round}/${e.rounds}: ${e.returned}/${e.sampled} clients returned, ${seconds(e.elapsedMs)} since start, validation PR-AUC ${e.prAuc.toFixed(3)}, F1 ${e.bestF1.toFixed(3)}`;
    case 'fault':
      return `  ⚡ ${e.arm} round ${e.round}: ${e.fault} — ${e.detail}`;
    case 'result':
      return `  ✓ ${e.result.label}: test PR-AUC ${e.result.window.prAuc.toFixed(3)}, event recall @1 FA/day ${e.result.event.recallAtFalseAlarmRate.toFixed(3)}`;
    case 'done':
      return `done in ${seconds(e.wallMs)}: ${e.runDir}`;
  }
}

function lineListener(out: NodeJS.WritableStream): SimEventListener & { stop(): void } {
  return Object.assign((e: SimEvent) => void out.write(`${describeEvent(e)}\n`), { stop() {} });
}

function barListener(out: NodeJS.WriteStream): SimEventListener & { stop(): void } {
  let bar: cliProgress.SingleBar | null = null;
  let barArm = '';
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  const listener = (e: SimEvent) => {
    if (e.type !== 'round') {
      stopBar();
      out.write(`${describeEvent(e)}\n`);
      return;
    }
    const payload = {
      arm: e.arm,
      clients: `${e.returned}/${e.sampled}`,
      elapsed: seconds(e.elapsedMs),
      prAuc: e.prAuc.toFixed(3),
      f1: e.bestF1.toFixed(3),
    };
    if (!bar || barArm !== e.arm) {
      stopBar();
      barArm = e.arm;
      bar = new cliProgress.SingleBar(
        {
          stream: out,
          format:
            '  {arm} [{bar}] round {value}/{total} | clients {clients} | {elapsed} since start | validation PR-AUC {prAuc} F1 {f1}',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(e.rounds, 0, payload);
    }
    bar.update(e.round, payload);
  };
  return Object.assign(listener, { stop: stopBar });
}
