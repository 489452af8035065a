/**
 * Every flag of `coordinator`, `client`, `simulate` and `demo` reaches the options the package
 * resolves: a flag renamed on one side only (as seven coordinator flags once were) fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { mergeCoordinatorOptions, resolveCoordinatorOptions } from '@quakefed/coordinator';
import { mergeGatewayConfig, type GatewayConfig } from '@quakefed/client';
import { DEMO_SCENARIO, resolveScenario } from '@quakefed/simulations';
import { buildProgram } from '../main.js';
import type { FlagSpec } from '../flag-table.js';
import { COORDINATOR_FLAGS, optionsFromFlags } from './coordinator.js';
import { CLIENT_FLAGS, configFromFlags } from './client.js';
import { DEMO_FLAGS, SCENARIO_FLAGS, scenarioFromFlags } from './simulate.js';

/** What a command parses from `args`, caught before its action would run anything. */
async function parse(command: string, args: string[]): Promise<Record<string, unknown>> {
  const program = (await buildProgram()).exitOverride();
  const cmd = program.commands.find((c) => c.name() === command)!;
  let parsed: Record<string, unknown> = {};
  cmd.action((flags: Record<string, unknown>) => {
    parsed = flags;
  });
  await program.parseAsync(['node', 'quakefed', command, ...args]);
  return parsed;
}

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

const longName = (flags: string): string => flags.split(/[ ,]+/).find((part) => part.startsWith('--'))!;

/** A value for the flag (a non-default one where the kind allows) and what the option must become. */
function sample(spec: FlagSpec, overrides: Record<string, string>): { args: string[]; expected: unknown } {
  const flag = longName(spec.flags);
  if (spec.kind === 'boolean') return { args: [flag], expected: true };
  const text =
    overrides[flag] ??
    (spec.choices
      ? spec.choices.find((c) => c !== spec.shownDefault)!
      : ({ integer: '7', number: '0.25', json: '{"a":1}', list: 'XX.ONE..HHZ' }[spec.kind as string] ??
        `${flag.slice(2)}-value`));
  const parsed =
    spec.kind === 'integer' || spec.kind === 'number'
      ? Number(text)
      : spec.kind === 'json'
        ? JSON.parse(text)
        : spec.kind === 'list'
          ? [text]
          : text;
  return { args: [flag, text], expected: spec.map ? spec.map(parsed) : parsed };
}

/**
 * For each flag commander knows on `command`: it is in `table` (or in `notOptions`), and its value, given
 * alone (or with the `companions` it needs), is what `resolve` yields at the spec's key — and differs
 * from what `resolve` yields without any flag.
 */
async function assertEveryFlagReaches(
  command: string,
  table: readonly FlagSpec[],
  notOptions: string[],
  resolve: (parsed: Record<string, unknown>) => unknown,
  overrides: Record<string, string> = {},
  companions: Record<string, string[]> = {},
): Promise<void> {
  const cmd = (await buildProgram()).commands.find((c: Command) => c.name() === command)!;
  const known = cmd.options.map((o) => o.long!).filter((flag) => !notOptions.includes(flag));
  assert.deepEqual(
    [...known].sort(),
    table.map((s) => longName(s.flags)).sort(),
    `${command}: every flag is in its table`,
  );
  for (const spec of table) {
    const flag = longName(spec.flags);
    const { args, expected } = sample(spec, overrides);
    const extra = companions[flag] ?? [];
    const resolved = resolve(await parse(command, [...extra, ...args]));
    assert.deepEqual(at(resolved, spec.key), expected, `${command} ${args.join(' ')} → ${spec.key}`);
    assert.notDeepEqual(
      at(resolve(await parse(command, [])), spec.key),
      expected,
      `${command} ${flag}: the sample differs from the default`,
    );
  }
}

test('every coordinator flag reaches the resolved coordinator options', async () => {
  // Room for any one count flag: minFit <= minAvailable and minFitResults <= minFit must keep holding.
  const roomy = { minAvailable: 100, minFit: 20, minFitResults: 1, minEvaluate: 1 };
  await assertEveryFlagReaches(
    'coordinator',
    COORDINATOR_FLAGS,
    ['--config', '--exit-when-done', '--log-format'],
    (parsed) => resolveCoordinatorOptions(mergeCoordinatorOptions(roomy, optionsFromFlags(parsed))),
    {
      '--min-available': '50',
      '--max-payload': '4096',
      '--epochs': '3',
      '--batch-size': '8',
      '--fit-config': '{"epochs":4}',
      '--model': '{"filters":[4]}',
    },
    // Flags that only go in pairs.
    { '--tls-cert': ['--tls-key', 'key.pem'], '--tls-key': ['--tls-cert', 'cert.pem'] },
  );
});

test('--fit-config and the single training flags merge, the flags winning key by key', async () => {
  const options = optionsFromFlags(
    await parse('coordinator', ['--fit-config', '{"epochs":4,"batchSize":8}', '--epochs', '2']),
  );
  assert.deepEqual(options.strategy?.fitConfig, { epochs: 2, batchSize: 8 });
});

test('a coordinator flag value that is not a number is one OptionsError naming the flag', async () => {
  await assert.rejects(parse('coordinator', ['--port', 'abc']), {
    code: 'QF_ERR_INVALID_OPTIONS',
    message: '--port must be an integer, got "abc"',
  });
});

test('every client flag reaches the merged gateway config', async () => {
  const file: Partial<GatewayConfig> = {
    server: 'ws://file:1',
    stationIds: ['XX.FILE..HHZ'],
    source: { kind: 'miniseed', dataDir: '/file', station: { latitude: 1, longitude: 2 } },
  };
  await assertEveryFlagReaches(
    'client',
    CLIENT_FLAGS,
    ['--config', '--log-format'],
    (parsed) => mergeGatewayConfig(file, configFromFlags(parsed)),
    {},
    {
      '--synthetic-windows': ['--synthetic-seed', '5'],
    },
  );
});

test('client flags naming an archive and a synthetic station are refused as two data sources', async () => {
  assert.throws(() => configFromFlags({ dataDir: '/a', syntheticSeed: 3 }), { code: 'QF_ERR_CLIENT_OPTIONS' });
});

test('every simulate flag reaches the resolved scenario', async () => {
  await assertEveryFlagReaches(
    'simulate',
    SCENARIO_FLAGS,
    ['--config', '--quiet', '--json'],
    (parsed) => resolveScenario(undefined, undefined, scenarioFromFlags(parsed)),
    {
      '--restart-at': '3',
      '--name': 'flagged',
    },
  );
});

test('every demo flag reaches the resolved demo scenario', async () => {
  await assertEveryFlagReaches('demo', DEMO_FLAGS, ['--quiet', '--json'], (parsed) =>
    resolveScenario(DEMO_SCENARIO, undefined, scenarioFromFlags(parsed)),
  );
});
