/**
 * Checks of the configuration values a job sets through the environment. They run when the value
 * is set, so a bad one fails at the user's line with a ConfigError that names the setter.
 */
import { ConfigError } from '@weir/common';
import { captureDeclarationSite } from './declaration-site';

/** @internal A whole number of at least `min` (a parallelism, a count, a duration in ms). */
export function requireWholeNumber(value: number, min: number, setter: string, what: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw configError(setter, `${what} must be a whole number of at least ${min}, not ${String(value)}.`);
  }
  return value;
}

/** @internal One of a fixed set of strings. */
export function requireOneOf<V extends string>(value: V, allowed: readonly V[], setter: string, what: string): V {
  if (!allowed.includes(value)) {
    throw configError(
      setter,
      `${what} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** @internal */
export function configError(setter: string, problem: string): ConfigError {
  const at = captureDeclarationSite();
  return new ConfigError(`${setter}${at === undefined ? '' : ` (called at ${at})`}: ${problem}`);
}
