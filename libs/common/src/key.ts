import { RecordError } from './errors';

/**
 * What a key selector may return. Keys are compared by value, like Java's equals/hashCode: primitives
 * as they are, tuples (arrays) element by element.
 */
export type Key = string | number | boolean | bigint | readonly Key[];

/** A key as used in hash maps: primitives stay as they are, tuples become one string. */
export type NormalizedKey = string | number | boolean | bigint;

export function normalizeKey(key: Key): NormalizedKey {
  return Array.isArray(key) ? '\u0001' + JSON.stringify(key, tagNonJson) : (key as NormalizedKey);
}

/** Prototype-less, so in dictionary mode: a name added to it is internalized, with no hidden class per name. */
const internalizer: Record<string, 0> = Object.create(null) as Record<string, 0>;

/**
 * A normalized key to hold on to, as a string of its own. A string cut from a longer one (a word
 * split from a line) is, in V8, a view into it: held as a map key it would keep all of that string
 * alive (a whole batch of lines), and each comparison with it would read there. A property name is
 * internalized: copied out once per key held, and the string itself turned into a pointer to the
 * copy, so records that hold it no longer keep the batch alive either.
 */
export function ownedKey(key: NormalizedKey): NormalizedKey {
  if (typeof key !== 'string') return key;
  internalizer[key] = 0;
  const owned = Object.keys(internalizer)[0];
  delete internalizer[key];
  return owned;
}

/** The inverse of `normalizeKey`, for listing keys stored in normalized form. */
export function denormalizeKey(key: NormalizedKey): Key {
  if (typeof key !== 'string' || key.charCodeAt(0) !== 1) return key;
  return JSON.parse(key.slice(1), untagNonJson) as Key;
}

// Values JSON cannot hold (bigints, ±Infinity) become tagged objects, which no key element can be,
// so `[5n]` and `['5n']` or `[Infinity]` and `[null]` stay different keys.
function tagNonJson(_: string, v: unknown): unknown {
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
  return v;
}

function untagNonJson(_: string, v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const tagged = v as { $bigint?: string; $number?: string };
  if (tagged.$bigint !== undefined) return BigInt(tagged.$bigint);
  if (tagged.$number !== undefined) return Number(tagged.$number);
  return v;
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
