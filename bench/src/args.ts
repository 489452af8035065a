/** Flag parsing shared by the benchmarks: `--name value` pairs in the arguments after the name. */

/** The value after `name` in `args`, or undefined when the flag (or its value) is absent. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The number after `name` in `args`, or `fallback` when the flag is absent. */
export function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const value = flagValue(args, name);
  return value === undefined ? fallback : Number(value);
}
