/** Reads the benchmark jobs' `--name value` arguments, failing with the argument's name when one is bad. */
import { ConfigError } from '@weir/common';

export type JobArgs = Readonly<Record<string, string>>;

export function integerArg(args: JobArgs, name: string, defaultValue: number, min = 0): number {
  const raw = args[name];
  if (raw === undefined) return defaultValue;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`Job argument --${name} must be an integer >= ${min}, not '${raw}'.`);
  }
  return value;
}

export function stringArg(args: JobArgs, name: string): string {
  const raw = args[name];
  if (raw === undefined || raw === '') throw new ConfigError(`Job argument --${name} is required.`);
  return raw;
}
