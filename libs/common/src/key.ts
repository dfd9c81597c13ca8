import { RecordError } from './errors';

/**
 * What a key selector may return. Keys are compared by value, like Java's equals/hashCode: primitives
 * as they are, tuples (arrays) element by element.
 */
export type Key = string | number | boolean | bigint | readonly Key[];

/** A key as used in hash maps: primitives stay as they are, tuples become one string. */
export type NormalizedKey = string | number | boolean | bigint;

export function normalizeKey(key: Key): NormalizedKey {
  return Array.isArray(key) ? '\u0001' + JSON.stringify(key, bigintReplacer) : (key as NormalizedKey);
}

function bigintReplacer(_: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

/** Throws a clear error when a key selector returned something that cannot be a key. */
export function checkKey(key: unknown, where: string): Key {
  switch (typeof key) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return key;
    case 'number':
      if (Number.isNaN(key))
        throw new RecordError(`The key selector of ${where} returned NaN; a key must be comparable.`);
      return key;
    case 'object':
      if (Array.isArray(key)) {
        for (const k of key) checkKey(k, where);
        return key as Key;
      }
  }
  throw new RecordError(
    `The key selector of ${where} returned ${key === null ? 'null' : typeof key === 'object' ? 'an object' : typeof key}; ` +
      'a key must be a string, number, boolean, bigint or an array (tuple) of those.',
  );
}
