import { KeyGroupRange, JobDefinitionError } from '@weir/common';
import { VOID_NAMESPACE } from '../keyed-state-backend';
import { StateTable } from './state-table';

describe('StateTable', () => {
  it('stores per key group and namespace, and lists entries of one key group', () => {
    const table = new StateTable<string>('t', new KeyGroupRange(4, 7));
    table.put(0, 'a', VOID_NAMESPACE, 'a-void');
    table.put(0, 'a', 'w', 'a-w');
    table.put(3, 'b', 'w', 'b-w');
    expect(table.get(0, 'a', VOID_NAMESPACE)).toBe('a-void');
    expect(table.get(0, 'a', 'w')).toBe('a-w');
    expect(table.get(3, 'a', 'w')).toBeUndefined();
    expect(table.size()).toBe(3);
    expect(table.keys('w').sort()).toEqual(['a', 'b']);
    expect(Array.from(table.entriesOfKeyGroup(4))).toEqual([
      ['a', VOID_NAMESPACE, 'a-void'],
      ['a', 'w', 'a-w'],
    ]);
    expect(Array.from(table.entriesOfKeyGroup(7))).toEqual([['b', 'w', 'b-w']]);
    expect(Array.from(table.entriesOfKeyGroup(5))).toEqual([]);
  });

  it('forgets a namespace with its last entry, so memory does not grow with windows', () => {
    const table = new StateTable<number>('t', new KeyGroupRange(0, 0));
    for (let w = 0; w < 1000; w++) {
      table.put(0, 'k', `w${w}`, w);
      table.remove(0, 'k', `w${w}`);
    }
    expect(table.size()).toBe(0);
    expect(Array.from(table.entriesOfKeyGroup(0))).toEqual([]);
    const internals = table as unknown as { namespacedMaps: unknown[] };
    expect(internals.namespacedMaps[0]).toBeUndefined();
  });

  it('refuses access with no current key (offset -1)', () => {
    const table = new StateTable<number>('counts', new KeyGroupRange(0, 3));
    expect(() => table.get(-1, 'a', VOID_NAMESPACE)).toThrow(JobDefinitionError);
    expect(() => table.put(-1, 'a', 'w', 1)).toThrow("Keyed state 'counts' was used with no current key");
    expect(() => table.remove(-1, 'a', VOID_NAMESPACE)).toThrow(JobDefinitionError);
  });

  it('clears everything', () => {
    const table = new StateTable<number>('t', new KeyGroupRange(0, 1));
    table.put(1, 'a', VOID_NAMESPACE, 1);
    table.put(1, 'a', 'w', 1);
    table.clearAll();
    expect(table.size()).toBe(0);
  });

  it('answers a repeated access from the entry it remembers, and never a stale one (randomized against a model)', () => {
    let seed = 11;
    const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const table = new StateTable<{ v: number } | undefined>('t', new KeyGroupRange(0, 2));
    const model = new Map<string, { v: number } | undefined>();
    const namespaces = [VOID_NAMESPACE, 'w1', 7];
    for (let i = 0; i < 20_000; i++) {
      const offset = random(3);
      const key = random(4);
      const namespace = namespaces[random(3)];
      const id = `${offset}/${key}/${namespace}`;
      const op = random(10);
      if (op < 4) {
        expect(table.get(offset, key, namespace)).toBe(model.get(id));
      } else if (op < 6) {
        // Writing back the stored object (an accumulator updated in place) keeps it.
        const stored = model.has(id) && random(2) === 0 ? model.get(id) : random(8) === 0 ? undefined : { v: i };
        table.put(offset, key, namespace, stored);
        model.set(id, stored);
      } else if (op < 9) {
        table.remove(offset, key, namespace);
        model.delete(id);
      } else if (random(20) === 0) {
        table.removeNamespace(namespace);
        for (const entry of [...model.keys()]) if (entry.endsWith(`/${namespace}`)) model.delete(entry);
      }
    }
    expect(table.size()).toBe(model.size);
    const entries = [0, 1, 2].flatMap((g) =>
      Array.from(table.entriesOfKeyGroup(g), ([key, namespace, value]) => [`${g}/${key}/${namespace}`, value]),
    );
    expect(new Map(entries as [string, { v: number } | undefined][])).toEqual(model);
  });

  it('recreates the map of a namespace whose last entry was removed right after reading it', () => {
    const table = new StateTable<number>('t', new KeyGroupRange(0, 0));
    table.put(0, 'k', 'w', 1);
    expect(table.get(0, 'k', 'w')).toBe(1);
    table.remove(0, 'k', 'w');
    expect(table.get(0, 'k', 'w')).toBeUndefined();
    table.put(0, 'k', 'w', 2);
    expect(table.get(0, 'k', 'w')).toBe(2);
    expect(Array.from(table.entriesOfKeyGroup(0))).toEqual([['k', 'w', 2]]);
    table.clearAll();
    expect(table.get(0, 'k', 'w')).toBeUndefined();
  });

  it('removes a namespace whole, in every key group, the void one (a window from 0) too', () => {
    const table = new StateTable<number>('t', new KeyGroupRange(0, 2));
    table.put(0, 'a', 5, 1);
    table.put(2, 'b', 5, 2);
    table.put(1, 'c', VOID_NAMESPACE, 3);
    table.put(1, 'c', 7, 4);
    expect(table.get(2, 'b', 5)).toBe(2);
    table.removeNamespace(5);
    table.removeNamespace(VOID_NAMESPACE);
    expect(table.get(2, 'b', 5)).toBeUndefined();
    expect(table.keys(5)).toEqual([]);
    expect(table.keys(VOID_NAMESPACE)).toEqual([]);
    expect(Array.from(table.entriesOfKeyGroup(1))).toEqual([['c', 7, 4]]);
    const internals = table as unknown as { namespacedMaps: unknown[] };
    expect(internals.namespacedMaps[0]).toBeUndefined();
  });

  it('a snapshot open while a namespace is removed still writes that namespace as it was at the barrier', () => {
    const table = new StateTable<number>('t', new KeyGroupRange(0, 1));
    table.put(0, 'a', 5, 1);
    table.put(0, 'b', 5, 2);
    table.put(0, 'a', 7, 3);
    table.put(1, 'c', 5, 4);
    table.put(1, 'd', VOID_NAMESPACE, 5);
    const snapshot = table.snapshot();
    const flat: unknown[] = [];
    // Key group 0 is partly written when its namespace goes.
    expect(snapshot.writeKeyGroup(0, flat, 1)).toBe(false);
    table.removeNamespace(5);
    table.removeNamespace(VOID_NAMESPACE);
    table.put(1, 'c', 5, 40);
    while (!snapshot.writeKeyGroup(0, flat, 1));
    expect(snapshot.writeKeyGroup(1, flat, 100)).toBe(true);
    const written = new Set<string>();
    for (let i = 0; i < flat.length; i += 3)
      written.add(`${String(flat[i])}/${String(flat[i + 1])}=${String(flat[i + 2])}`);
    expect([...written].sort()).toEqual(['a/5=1', 'a/7=3', 'b/5=2', 'c/5=4', 'd/0=5']);
    expect(table.size()).toBe(2);
  });
});
