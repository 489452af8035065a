#!/usr/bin/env node
// Runs every test file of the workspace in one `node --test` invocation, so one pass/fail summary is
// printed. Node 20's test runner does not expand globs itself, hence this small collector.
// Usage: node scripts/run-tests.mjs [path-filter ...]   (filters keep files whose path contains one)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const roots = ['packages', 'simulations', 'tests', 'bench'];
const skip = new Set(['node_modules', 'dist', '.git']);

/** @param {string} dir @returns {string[]} */
function collect(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(collect(path));
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => collect(join(root, r)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${Math.max(2, availableParallelism())}`, ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
