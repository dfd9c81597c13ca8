import { SlicesOfKeys } from './slices-of-keys';

describe('SlicesOfKeys', () => {
  it('counts the slices of each key in one slot per key, composite keys by value', () => {
    const slices = new SlicesOfKeys();
    const a = slices.add(7);
    expect(slices.add(7)).toBe(a);
    const pair = slices.add(['user', 1]);
    expect(slices.add(['user', 1])).toBe(pair);
    expect(pair).not.toBe(a);
    expect(slices.count(a)).toBe(2);
    slices.remove(7, a);
    expect(slices.count(a)).toBe(1);
    expect(slices.add(7)).toBe(a);
    expect(slices.count(pair)).toBe(2);
  });

  it('frees a slot when no slice holds its key, for the next new key', () => {
    const slices = new SlicesOfKeys();
    const slot = slices.add('gone');
    slices.remove('gone', slot);
    const next = slices.add('new');
    expect(next).toBe(slot);
    expect(slices.count(next)).toBe(1);
    // The freed key starts again from its first slice.
    expect(slices.count(slices.add('gone'))).toBe(1);
  });

  it('grows past its first thousand keys', () => {
    const slices = new SlicesOfKeys();
    const slots = Array.from({ length: 5000 }, (_, key) => slices.add(key));
    expect(new Set(slots).size).toBe(5000);
    for (const [key, slot] of slots.entries()) {
      slices.add(key);
      expect(slices.count(slot)).toBe(2);
    }
  });
});
