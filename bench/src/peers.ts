/**
 * Peers in Python (PyTorch, numpy) measured in the same run as our figure: each is a script under
 * bench/peers that prints one JSON object on its last line.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `bench/peers/<script>` with the first python3 that can import `module`, and returns the JSON
 * object it printed last; null (with the reason on stderr) when no such python3 exists or the run fails.
 */
export function runPythonPeer(module: string, script: string, args: string[]): Record<string, unknown> | null {
  const path = fileURLToPath(new URL(`../peers/${script}`, import.meta.url));
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status !== 0) continue;
    const run = spawnSync(python, [path, ...args], { encoding: 'utf8' });
    const line = run.stdout?.trim().split('\n').pop();
    if (run.status !== 0 || !line) {
      process.stderr.write(`${module} peer failed: ${run.stderr}\n`);
      return null;
    }
    return JSON.parse(line) as Record<string, unknown>;
  }
  process.stderr.write(`${module} peer skipped: no python3 with ${module}\n`);
  return null;
}
