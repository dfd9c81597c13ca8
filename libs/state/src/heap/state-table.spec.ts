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
});
