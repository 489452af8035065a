import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram } from './main.js';

test('quakefed --help lists the subcommands', () => {
  const help = buildProgram().helpInformation();
  assert.match(help, /Usage: quakefed/);
  assert.match(help, /bench/);
});

test('an unknown benchmark name fails with the list of known ones', async () => {
  const program = buildProgram().exitOverride();
  await assert.rejects(program.parseAsync(['node', 'quakefed', 'bench', 'no-such-bench']), /unknown benchmark "no-such-bench"/);
});
