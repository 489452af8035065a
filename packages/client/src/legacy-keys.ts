/**
 * A `JSON.stringify` replacer that writes some keys under their older names at any depth, so that an
 * output people already parse (a results file, a printed summary line) keeps its keys while the
 * TypeScript names change: the API spells seconds `…Seconds` (#14), files written before kept `hopSec`,
 * `hitWindowS`, `delayS`.
 */
export function legacyKeys(renames: Readonly<Record<string, string>>): (key: string, value: unknown) => unknown {
  return (_key, value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value);
    if (!entries.some(([k]) => Object.hasOwn(renames, k))) return value;
    return Object.fromEntries(entries.map(([k, v]) => [Object.hasOwn(renames, k) ? renames[k]! : k, v]));
  };
}
