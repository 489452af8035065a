/**
 * The workspace's packages form layers, and every import points down: a package may use only packages
 * of lower layers (never one beside or above it), so a gateway's client never pulls in the simulator,
 * and the wire protocol never pulls in signal processing. Checked on every package.json and on every
 * `@quakefed/…` import of every source file, tests included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/** Layer of each package, lowest first. */
const LAYERS: Record<string, number> = {
  '@quakefed/core': 0,
  '@quakefed/seismic': 1,
  '@quakefed/proto': 1,
  '@quakefed/model': 2,
  '@quakefed/client': 3,
  '@quakefed/coordinator': 3,
  '@quakefed/simulations': 4,
  '@quakefed/bench': 5,
  '@quakefed/cli': 6,
  '@quakefed/tests': 7,
};

const PACKAGE_DIRS = [
  'packages/core',
  'packages/seismic',
  'packages/proto',
  'packages/model',
  'packages/client',
  'packages/coordinator',
  'packages/cli',
  'simulations',
  'bench',
  'tests',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every edge that points sideways or up: "from → to (where)". */
function violations(): string[] {
  const out: string[] = [];
  for (const dir of PACKAGE_DIRS) {
    const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const self = LAYERS[manifest.name];
    assert.notEqual(self, undefined, `${manifest.name} has no layer`);
    const check = (to: string, where: string) => {
      if (to === manifest.name) return;
      const layer = LAYERS[to];
      if (layer === undefined) out.push(`${manifest.name} → ${to} (unknown package, ${where})`);
      else if (layer >= self!) out.push(`${manifest.name} → ${to} (${where})`);
    };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }))
      if (dep.startsWith('@quakefed/')) check(dep, 'package.json');
    for (const file of sources(join(ROOT, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](@quakefed\/[a-z-]+)/g))
        check(m[1]!, relative(ROOT, file));
    }
  }
  return out;
}

test('every package depends only on packages of lower layers', () => {
  assert.deepEqual(violations(), []);
});
