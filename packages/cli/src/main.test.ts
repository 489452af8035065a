import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuakefedError } from '@quakefed/core';
import { buildProgram, invokedSubcommand, SUBCOMMAND_NAMES } from './main.js';
import { reportError } from './report-error.js';
import { CLI_VERSION } from './version.js';

test('quakefed --help lists every subcommand', async () => {
  const help = (await buildProgram()).helpInformation();
  assert.match(help, /Usage: quakefed/);
  for (const name of SUBCOMMAND_NAMES) assert.match(help, new RegExp(`\\n  ${name} `));
});

test('running a subcommand builds that one only; help, an unknown name or none build them all', async () => {
  assert.equal(invokedSubcommand(['node', 'quakefed', '--debug', 'client', '--config', 'c.json']), 'client');
  assert.equal(invokedSubcommand(['node', 'quakefed', 'no-such-command']), undefined);
  assert.equal(invokedSubcommand(['node', 'quakefed', '--help']), undefined);
  assert.deepEqual(
    (await buildProgram('client')).commands.map((c) => c.name()),
    ['client'],
  );
  assert.deepEqual((await buildProgram()).commands.map((c) => c.name()).sort(), [...SUBCOMMAND_NAMES].sort());
});

test('--version prints the CLI package version', async () => {
  let printed = '';
  const program = (await buildProgram()).exitOverride().configureOutput({ writeOut: (s) => (printed += s) });
  await assert.rejects(program.parseAsync(['node', 'quakefed', '--version']), { code: 'commander.version' });
  assert.equal(printed.trim(), CLI_VERSION);
  assert.match(CLI_VERSION, /^\d+\.\d+\.\d+/);
});

/** What reportError writes for `err`, and the exit status it returns. */
function report(err: unknown, debug = false): { text: string; status: number } {
  let text = '';
  const status = reportError(err, { debug, out: (s) => (text += s) });
  return { text, status };
}

test('a QuakefedError is one line with its code, exit status 1', () => {
  const { text, status } = report(new QuakefedError('QF_ERR_EXAMPLE', 'cannot read /nope/model.json'));
  assert.equal(text, 'quakefed: cannot read /nope/model.json (QF_ERR_EXAMPLE)\n');
  assert.equal(status, 1);
});

test('any other error is one line saying how to see the stack, exit status 2; never its source', () => {
  const minified = `${'x'.repeat(40_000)}`;
  const { text, status } = report(
    new TypeError(`Cannot read properties of undefined (reading 'model_config')\n${minified}`),
  );
  assert.equal(
    text,
    "quakefed: Cannot read properties of undefined (reading 'model_config') (run with --debug for the stack)\n",
  );
  assert.equal(status, 2);
});

test('with --debug, an unexpected error prints its stack', () => {
  const { text } = report(new TypeError('boom'), true);
  assert.match(text, /TypeError: boom\n\s+at /);
});

test('a non-Error thrown value is still one line', () => {
  assert.deepEqual(report('plain string'), {
    text: 'quakefed: plain string (run with --debug for the stack)\n',
    status: 2,
  });
});

test('every value flag of every command says its default, or that it is required', async () => {
  for (const cmd of (await buildProgram()).commands) {
    for (const option of cmd.options) {
      if (option.isBoolean() || option.mandatory) continue;
      const shown = option.defaultValue !== undefined || /\(.*(default|required)/.test(option.description);
      assert.ok(shown, `quakefed ${cmd.name()} ${option.flags}: "${option.description}"`);
    }
  }
});
