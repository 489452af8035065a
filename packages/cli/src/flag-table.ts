/**
 * One table per subcommand maps every flag onto the option it sets (a dotted path into the package's
 * options object), so a flag and its option cannot drift apart: the value is read back under the name
 * commander itself derives from the flag, and a test walks every flag of every table. (Before, the
 * coordinator read `roundDeadlineMs` where commander had stored `roundDeadline`, and seven flags were
 * silently ignored.)
 */
import { Option, type Command } from 'commander';

/** How a flag's text becomes the option's value. */
export type FlagKind = 'integer' | 'number' | 'string' | 'json' | 'boolean' | 'list';

/** One flag and the option it sets. */
export interface FlagSpec {
  /** Commander flag syntax, e.g. `--round-deadline <ms>`. */
  flags: string;
  /** Dotted path of the option the value sets, e.g. `strategy.fitConfig.epochs`. */
  key: string;
  help: string;
  kind: FlagKind;
  /** Allowed values (shown in `--help`, enforced by commander). */
  choices?: readonly string[];
  /**
   * The package default, shown in `--help` only: commander never fills it in, so an unset flag sets
   * nothing and a config file's value shows through.
   */
  shownDefault?: unknown;
  /** Turns the checked value into the option's value (e.g. `none` → `null`). */
  map?: (value: unknown) => unknown;
}

/** Builds the package's own error for a flag value of the wrong kind (one mistake, one code). */
export type InvalidFlag = (message: string) => Error;

function parserFor(spec: FlagSpec, invalid: InvalidFlag): ((value: string, previous: unknown) => unknown) | undefined {
  const name = spec.flags.split(/[ ,]/).find((part) => part.startsWith('--'));
  const numeric = (integer: boolean) => (text: string) => {
    const n = Number(text);
    if (text.trim() === '' || !(integer ? Number.isInteger(n) : Number.isFinite(n))) {
      throw invalid(`${name} must be ${integer ? 'an integer' : 'a number'}, got "${text}"`);
    }
    return n;
  };
  switch (spec.kind) {
    case 'integer':
      return numeric(true);
    case 'number':
      return numeric(false);
    case 'json':
      return (text) => {
        try {
          const value = JSON.parse(text) as unknown;
          if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
        } catch {
          // reported below, as any other non-object
        }
        throw invalid(`${name} must be a JSON object, got ${text}`);
      };
    case 'list':
      return (text, previous) => [...((previous as string[] | undefined) ?? []), text];
    default:
      return undefined;
  }
}

/** The option commander creates for `spec` (its `attributeName()` is where the parsed value lands). */
export function flagOption(spec: FlagSpec, invalid: InvalidFlag): Option {
  const shown =
    spec.shownDefault === undefined
      ? ''
      : ` (default ${typeof spec.shownDefault === 'string' ? spec.shownDefault : JSON.stringify(spec.shownDefault)})`;
  const option = new Option(spec.flags, `${spec.help}${shown}`);
  const parse = parserFor(spec, invalid);
  if (parse) option.argParser(parse);
  if (spec.choices) option.choices(spec.choices);
  return option;
}

/** Adds every flag of `table` to `cmd`. */
export function addFlags(cmd: Command, table: readonly FlagSpec[], invalid: InvalidFlag): Command {
  for (const spec of table) cmd.addOption(flagOption(spec, invalid));
  return cmd;
}

/**
 * The options the given flags set, nested by each spec's key path (flags not given set nothing).
 * @param parsed what commander parsed (`cmd.opts()` or an action's first argument)
 */
export function optionsFromTable(table: readonly FlagSpec[], parsed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of table) {
    const value = parsed[new Option(spec.flags).attributeName()];
    if (value === undefined) continue;
    const path = spec.key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = spec.map ? spec.map(value) : value;
  }
  return out;
}
