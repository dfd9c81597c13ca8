import 'reflect-metadata';
import { ConfigError } from '@weir/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** A class whose properties carry class-validator decorators. */
export type OptionsClass<O extends object> = new () => O;

/**
 * Checks plain options (from code, a configuration file or a request) against a class decorated with
 * class-validator, at the boundary (DESIGN.md §9): a bad value is a ConfigError naming the field, its
 * value and what it must be; an unknown field is refused too, since it is most often a typo.
 * `where` names who is asking ("FilesModule", "fileSink"). Returns an instance of the class holding
 * the values given, as they are: a checked copy would lose what class-transformer cannot copy (a
 * format object's identity, a Map).
 */
export function validateOptions<O extends object>(optionsClass: OptionsClass<O>, plain: unknown, where: string): O {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ConfigError(`${where}: the options must be an object, not ${describe(plain)}.`);
  }
  const checked = plainToInstance(optionsClass, plain);
  const errors = validateSync(checked, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length === 0) return Object.assign(new optionsClass(), plain);
  const problems = errors.flatMap((error) => describeError(error, ''));
  throw new ConfigError(`${where}: invalid options: ${problems.join('; ')}.`);
}

function describeError(error: ValidationError, parent: string): string[] {
  const field = parent === '' ? error.property : `${parent}.${error.property}`;
  const constraints = Object.entries(error.constraints ?? {});
  const own = constraints.map(([rule, message]) =>
    rule === 'whitelistValidation'
      ? `'${field}' is not an option`
      : `'${field}' ${withoutProperty(message, error.property)} (got ${describe(error.value)})`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describeError(child, field))];
}

/** class-validator's messages start with the property's name: "path must be a string". */
function withoutProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
