import { NamespaceMaps } from './namespace-maps';

describe('NamespaceMaps', () => {
  it('finds, adds and deletes namespaces, few or many, keeping the order they came in', () => {
    const maps = new NamespaceMaps<number>();
    const model = new Map<string | number, Map<string, number>>();
    const check = () => {
      expect(maps.size).toBe(model.size);
      expect(Array.from(maps.entries())).toEqual(Array.from(model.entries()));
      for (const [namespace, map] of model) expect(maps.get(namespace)).toBe(map);
      expect(maps.get('absent')).toBeUndefined();
    };
    const add = (namespace: string | number) => {
      const map = new Map([[`k${namespace}`, 1]]);
      maps.add(namespace, map);
      model.set(namespace, map);
    };
    for (let w = 0; w < 6; w++) add(w * 1000);
    add('session');
    maps.delete(2000);
    model.delete(2000);
    maps.delete(12345);
    check();
    // Past eight namespaces a Map takes over; nothing changes for the caller.
    for (let w = 6; w < 20; w++) add(w * 1000);
    check();
    for (let w = 0; w < 20; w += 3) {
      maps.delete(w * 1000);
      model.delete(w * 1000);
    }
    check();
  });

  it('forgets the namespace it found last once that namespace is deleted', () => {
    const maps = new NamespaceMaps<number>();
    const slice = Date.UTC(2026, 0, 1);
    const first = new Map([['k', 1]]);
    maps.add(slice, first);
    expect(maps.get(slice)).toBe(first);
    maps.delete(slice);
    expect(maps.get(slice)).toBeUndefined();
    const second = new Map([['k', 2]]);
    maps.add(slice, second);
    expect(maps.get(slice)).toBe(second);
  });
});
