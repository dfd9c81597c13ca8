import { normalizeKey, type Key } from '@weir/common';
import { denormalizeKey } from './denormalize-key';

describe('denormalizeKey', () => {
  it('gives back every kind of key that normalizeKey took', () => {
    const keys: Key[] = ['a', '', 0, -1.5, true, 10n, ['x', 1, false, -3n, ['nested', 2]], []];
    for (const key of keys) expect(denormalizeKey(normalizeKey(key))).toEqual(key);
  });
});
