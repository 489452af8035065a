/**
 * `quakefed coordinator` as a child process for crash/resume tests: its JSON log lines (stderr) are
 * parsed as they arrive, and the bound port is read from the `listening` line (it listens on port 0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { LogRecord } from '@quakefed/core';
import { logWaiter, type WaitForLog } from './log-waiter.js';
import { QUAKEFED_BIN } from './quakefed-bin.js';

export interface CoordinatorProcess {
  child: ChildProcess;
  logs: LogRecord[];
  /** `ws://127.0.0.1:<port>` (`wss://` with a certificate) once listening. */
  url: string;
  http: string;
  waitForLog: WaitForLog;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

export async function spawnCoordinator(args: string[]): Promise<CoordinatorProcess> {
  const child = spawn(process.execPath, [QUAKEFED_BIN, 'coordinator', '--host', '127.0.0.1', '--port', '0', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: LogRecord[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.startsWith('{')) {
      stderr.push(line);
      return;
    }
    const record = JSON.parse(line) as LogRecord;
    logs.push(record);
    events.emit('log', record);
  });
  const waitForLog = logWaiter(logs, events, (fail) => {
    void exited.then((code) => fail(`coordinator exited (${code}): ${stderr.join('\n')}`));
  });
  const listening = await waitForLog('listening');
  const url = listening.url as string; // ws://127.0.0.1:<port>, wss:// with a certificate
  return { child, logs, url, http: url.replace(/^ws/, 'http'), waitForLog, exited };
}
