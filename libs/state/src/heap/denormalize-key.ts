import type { Key, NormalizedKey } from '@weir/common';

/**
 * The inverse of `normalizeKey`, for the few places that list keys from a state table (`getKeys`):
 * tables store normalized keys only, so a key costs no more than its hash-map entry. A tuple was
 * normalized to '\u0001' + JSON with bigints written as "<digits>n"; this parses it back. (A string
 * element of that same "<digits>n" form inside a tuple normalizes like the bigint, so both are one key.)
 */
export function denormalizeKey(key: NormalizedKey): Key {
  if (typeof key !== 'string' || key.charCodeAt(0) !== 1) return key;
  return JSON.parse(key.slice(1), bigintReviver) as Key;
}

const BIGINT = /^-?\d+n$/;

function bigintReviver(_: string, value: unknown): unknown {
  return typeof value === 'string' && BIGINT.test(value) ? BigInt(value.slice(0, -1)) : value;
}
