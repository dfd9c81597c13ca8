import { checkKey, denormalizeKey, normalizeKey, ownedKey, type Key } from './key';
import { RecordError } from './errors';

describe('normalizeKey', () => {
  it('gives back every kind of key through denormalizeKey', () => {
    const keys: Key[] = ['a', '', 0, -1.5, true, 10n, ['x', 1, false, -3n, ['nested', 2]], [], [Infinity, -Infinity]];
    for (const key of keys) expect(denormalizeKey(normalizeKey(key))).toEqual(key);
  });

  it('keeps tuples apart that JSON alone would merge', () => {
    expect(normalizeKey([5n])).not.toEqual(normalizeKey(['5n']));
    expect(normalizeKey([Infinity])).not.toEqual(normalizeKey([-Infinity]));
    expect(normalizeKey(['a', 1])).toEqual(normalizeKey(['a', 1]));
  });
});

describe('ownedKey', () => {
  it('is the same key, whatever the string: a word cut from a line, an index, a property of Object', () => {
    const line = 'alphabetagammadelta 123 __proto__ constructor ünïcödé-wörd-from-a-line 007';
    for (const word of [...line.split(' '), '', '\u0001["a",1]']) expect(ownedKey(word)).toBe(word);
    for (const key of [0, -1.5, true, 10n]) expect(ownedKey(key)).toBe(key);
  });
});

describe('checkKey', () => {
  it('refuses what cannot be a key, naming where it came from', () => {
    expect(() => checkKey(undefined, "operator 'x'")).toThrow(RecordError);
    expect(() => checkKey(undefined, "operator 'x'")).toThrow(/operator 'x' returned undefined/);
    expect(() => checkKey({ a: 1 }, 'here')).toThrow(/returned an object/);
    expect(() => checkKey(NaN, 'here')).toThrow(/NaN/);
    expect(() => checkKey(['a', null], 'here')).toThrow(/null/);
    expect(checkKey(['a', 1], 'here')).toEqual(['a', 1]);
  });
});
