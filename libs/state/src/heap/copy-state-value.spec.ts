import { copyStateValue } from './copy-state-value';

class Averages {
  sum = 0;
  count = 0;
  get mean(): number {
    return this.sum / this.count;
  }
}

describe('copyStateValue', () => {
  it('copies plain objects deeply, so changing the copy leaves the original as it was', () => {
    const original = { count: 1, latest: { at: 5, tags: ['a'] }, seen: new Map([['k', { n: 1 }]]) };
    const copy = copyStateValue(original);
    copy.count++;
    copy.latest.at = 6;
    copy.latest.tags.push('b');
    copy.seen.get('k')!.n = 2;
    expect(original).toEqual({ count: 1, latest: { at: 5, tags: ['a'] }, seen: new Map([['k', { n: 1 }]]) });
    expect(copy).toEqual({ count: 2, latest: { at: 6, tags: ['a', 'b'] }, seen: new Map([['k', { n: 2 }]]) });
  });

  it("keeps a class instance's prototype and copies only its own fields", () => {
    const original = Object.assign(new Averages(), { sum: 6, count: 3 });
    Object.defineProperty(Averages.prototype, 'inherited', {
      value: { shared: true },
      enumerable: true,
      configurable: true,
    });
    try {
      const copy = copyStateValue(original);
      expect(copy).toBeInstanceOf(Averages);
      expect(copy.mean).toBe(2);
      expect(Object.keys(copy)).toEqual(['sum', 'count']);
      expect((copy as unknown as { inherited: unknown }).inherited).toBe(
        (original as unknown as { inherited: unknown }).inherited,
      );
    } finally {
      delete (Averages.prototype as unknown as { inherited?: unknown }).inherited;
    }
  });

  it('shares primitives and copies dates, sets and typed arrays', () => {
    expect(copyStateValue(7)).toBe(7);
    expect(copyStateValue(null)).toBeNull();
    const date = new Date(5);
    const bytes = new Uint8Array([1, 2]);
    const copy = copyStateValue({ date, set: new Set([1]), bytes });
    expect(copy.date).not.toBe(date);
    expect(copy.date.getTime()).toBe(5);
    expect(copy.set).toEqual(new Set([1]));
    expect(copy.bytes).not.toBe(bytes);
    expect([...copy.bytes]).toEqual([1, 2]);
  });

  it('copies an object without a prototype as one', () => {
    const original = Object.assign(Object.create(null) as { at: number; tags: string[] }, { at: 5, tags: ['a'] });
    const copy = copyStateValue(original);
    copy.tags.push('b');
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect({ ...copy }).toEqual({ at: 5, tags: ['a', 'b'] });
    expect(original.tags).toEqual(['a']);
  });
});
