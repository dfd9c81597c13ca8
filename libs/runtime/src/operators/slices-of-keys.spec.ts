import { SlicesOfKeys } from './slices-of-keys';

describe('SlicesOfKeys', () => {
  it('counts the slices of each key in one slot per key, composite keys by value', () => {
    const slices = new SlicesOfKeys();
    const a = slices.add(7, 0);
    expect(slices.add(7, 0)).toBe(a);
    const pair = slices.add(['user', 1], 0);
    expect(slices.add(['user', 1], 0)).toBe(pair);
    expect(pair).not.toBe(a);
    expect(slices.count(a)).toBe(2);
    slices.remove(7, a);
    expect(slices.count(a)).toBe(1);
    expect(slices.add(7, 0)).toBe(a);
    expect(slices.count(pair)).toBe(2);
  });

  it('frees a slot when no slice holds its key, for the next new key', () => {
    const slices = new SlicesOfKeys();
    const slot = slices.add('gone', 0);
    slices.remove('gone', slot);
    const next = slices.add('new', 0);
    expect(next).toBe(slot);
    expect(slices.count(next)).toBe(1);
    // The freed key starts again from its first slice.
    expect(slices.count(slices.add('gone', 0))).toBe(1);
  });

  it('grows past its first thousand keys', () => {
    const slices = new SlicesOfKeys();
    const slots = Array.from({ length: 5000 }, (_, key) => slices.add(key, 0));
    expect(new Set(slots).size).toBe(5000);
    for (const [key, slot] of slots.entries()) {
      slices.add(key, 0);
      expect(slices.count(slot)).toBe(2);
    }
  });

  it('keeps the latest slice of each key, from its first slice again once its slot is freed', () => {
    const slices = new SlicesOfKeys();
    const slot = slices.add('k', 4000);
    slices.add('k', 2000);
    slices.add('k', 6000);
    expect(slices.latestStart(slot)).toBe(6000);
    for (let i = 0; i < 3; i++) slices.remove('k', slot);
    const other = slices.add('other', 8000);
    expect(other).toBe(slot);
    expect(slices.latestStart(other)).toBe(8000);
  });

  it('says a key fires in a window once, and again in the next window and after its slot is reused', () => {
    const slices = new SlicesOfKeys();
    const slot = slices.add('k', 0);
    expect(slices.firesIn(slot, 10_000)).toBe(true);
    expect(slices.firesIn(slot, 10_000)).toBe(false);
    expect(slices.firesIn(slot, 12_000)).toBe(true);
    slices.remove('k', slot);
    // A new key in the freed slot has not fired anywhere yet.
    expect(slices.firesIn(slices.add('new', 2000), 12_000)).toBe(true);
  });

  it('keeps the latest slice and the firing of every slot as it grows', () => {
    const slices = new SlicesOfKeys();
    const slots = Array.from({ length: 3000 }, (_, key) => slices.add(key, key * 2000));
    slices.firesIn(slots[5], 20_000);
    for (let key = 3000; key < 5000; key++) slices.add(key, 0);
    expect(slices.latestStart(slots[2999])).toBe(2999 * 2000);
    expect(slices.firesIn(slots[5], 20_000)).toBe(false);
  });
});
