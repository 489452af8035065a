/**
 * What `quakefed client` (on a gateway) loads: the modules reachable by static imports from the CLI's
 * entry and the client subcommand — the subcommands are loaded by `import()` only when run. It must not
 * reach the simulator (and its plotting library), the benchmarks or the progress bar. And the model
 * package's tfjs-free entries (the layers format, the fit-config parser, the backend announcement), which
 * the coordinator uses, must not reach tfjs (coordinator-no-tfjs.test.ts checks the coordinator itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE_ENTRIES: Record<string, string> = {
  '@quakefed/core': 'packages/core/src/index.ts',
  '@quakefed/seismic': 'packages/seismic/src/index.ts',
  '@quakefed/proto': 'packages/proto/src/index.ts',
  '@quakefed/model': 'packages/model/src/index.ts',
  '@quakefed/model/layers-format': 'packages/model/src/layers-format.ts',
  '@quakefed/model/fit-config': 'packages/model/src/fit-config.ts',
  '@quakefed/model/backend-announcement': 'packages/model/src/backend-announcement.ts',
  '@quakefed/client': 'packages/client/src/index.ts',
  '@quakefed/coordinator': 'packages/coordinator/src/index.ts',
  '@quakefed/simulations': 'simulations/src/index.ts',
  '@quakefed/bench': 'bench/src/index.ts',
};

/** Static import/export specifiers of a source file (`import()` calls are not static and not followed). */
function staticSpecifiers(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms)) specs.push(m[1]!);
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  return specs;
}

/** Every workspace source file and outside package (by name) reachable from `entries`. */
function reachable(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = entries.map((e) => join(ROOT, e));
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        stack.push(existsSync(ts) ? ts : resolve(dirname(file), spec));
      } else if (PACKAGE_ENTRIES[spec]) {
        packages.add(spec);
        stack.push(join(ROOT, PACKAGE_ENTRIES[spec]!));
      } else if (!spec.startsWith('node:')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  }
  return { files, packages };
}

test('quakefed client loads neither the simulator, its plotting library, the benchmarks nor the progress bar', () => {
  const { packages } = reachable([
    'bin/quakefed.mjs',
    'packages/cli/src/main.ts',
    'packages/cli/src/commands/client.ts',
  ]);
  assert.ok(packages.has('@quakefed/client') && packages.has('commander'), 'the walk follows imports');
  for (const heavy of ['@quakefed/simulations', '@quakefed/bench', 'vega', 'vega-lite', 'cli-progress']) {
    assert.ok(!packages.has(heavy), `quakefed client reaches ${heavy}`);
  }
});

test('the walk does see the simulator behind the simulate subcommand', () => {
  const { packages } = reachable(['packages/cli/src/commands/simulate.ts']);
  assert.ok(packages.has('@quakefed/simulations') && packages.has('vega'));
});

test('the tfjs-free entries of the model package reach no tfjs package, while its main entry does', () => {
  const tfjs = (entry: string) => [...reachable([entry]).packages].filter((p) => p.startsWith('@tensorflow/'));
  for (const entry of ['layers-format', 'fit-config', 'backend-announcement'])
    assert.deepEqual(tfjs(`packages/model/src/${entry}.ts`), [], entry);
  assert.notDeepEqual(tfjs('packages/model/src/index.ts'), [], 'the walk does see tfjs where it is');
});
