/**
 * Ctrl-C during `simulate`, `experiment` or `demo`: the run directory is left as it is, marked
 * incomplete (a file `INCOMPLETE` beside its other files, which may look finished), and the user is
 * told where it is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INCOMPLETE_FILE, type SimEvent, type SimEventListener } from '@quakefed/simulations';

/** Exit status of a run stopped by SIGINT (128 + 2, the shell's convention). */
export const EXIT_INTERRUPTED = 130;

/**
 * Handles SIGINT until `release()`: stops the progress display, marks the run directory announced by a
 * `started` event (if any) incomplete, prints `interrupted; partial run in <dir>` on stderr and exits. `track` passes events on
 * to `listener` after noting the directory.
 */
export function onInterrupt(listener: SimEventListener & { stop(): void }): {
  track: SimEventListener;
  release: () => void;
} {
  let runDir: string | null = null;
  const interrupted = (): void => {
    listener.stop();
    if (runDir) {
      writeFileSync(
        join(runDir, INCOMPLETE_FILE),
        `interrupted at ${new Date().toISOString()}: the files here are a partial run\n`,
      );
    }
    process.stderr.write(
      runDir ? `\ninterrupted; partial run in ${runDir}\n` : '\ninterrupted before a run directory was created\n',
    );
    process.exit(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', interrupted);
  return {
    track: (e: SimEvent) => {
      if (e.type === 'started' && runDir === null) runDir = e.runDir;
      listener(e);
    },
    release: () => void process.off('SIGINT', interrupted),
  };
}
