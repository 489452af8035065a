/**
 * The coordinator averages float arrays and writes the layers format with the model package's tfjs-free
 * entries; it must not load tfjs (hundreds of MB of memory, seconds of start-up) unless it builds or
 * reads a model itself, which it does on demand with `import()`. Checked at run time: a node process
 * imports an entry and lists the `@tensorflow/` modules then loaded. The tfjs packages are CommonJS, so
 * every module of theirs, loaded by `import` or `require`, is in the require cache; the model package's
 * main entry shows the check sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Only a guard against a hung child: loading tfjs takes seconds. */
const RUN_TIMEOUT_MS = 120_000;

/** Imports `entry` in a fresh node process and returns the `@tensorflow/` module files it loaded. */
function tfjsModulesLoadedBy(entry: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(entry)});
    const loaded = Object.keys(createRequire(process.cwd() + '/').cache);
    process.stdout.write(JSON.stringify(loaded.filter((file) => file.includes('/@tensorflow/'))));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return JSON.parse(r.stdout) as string[];
}

test('importing the coordinator package loads no tfjs module', () => {
  assert.deepEqual(tfjsModulesLoadedBy('@quakefed/coordinator'), []);
});

test('the CLI’s coordinator command loads no tfjs module', () => {
  assert.deepEqual(
    tfjsModulesLoadedBy(new URL('../packages/cli/src/commands/coordinator.ts', import.meta.url).href),
    [],
  );
});

test('the check sees tfjs where it is: the model package’s main entry', () => {
  assert.notDeepEqual(tfjsModulesLoadedBy('@quakefed/model'), []);
});
