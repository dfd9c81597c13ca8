import { KeyGroupRange } from '@weir/common';
import { ListStateDescriptor, type StateTtlConfig } from '@weir/core';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';

function setup(ttl?: StateTtlConfig) {
  const clock = { now: 0 };
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: new KeyGroupRange(0, 127),
    maxParallelism: 128,
    clock: () => clock.now,
  });
  const state = backend.getListState(new ListStateDescriptor<string>('list', { ttl }));
  return { backend, clock, state };
}

describe('HeapListState', () => {
  it('adds, adds all and updates per key', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    expect([...state.get()]).toEqual([]);
    state.add('x');
    state.addAll(['y', 'z']);
    backend.setCurrentKey('b');
    state.update(['q']);
    backend.setCurrentKey('a');
    expect([...state.get()]).toEqual(['x', 'y', 'z']);
    state.update(['n']);
    expect([...state.get()]).toEqual(['n']);
    backend.setCurrentKey('b');
    expect([...state.get()]).toEqual(['q']);
  });

  it('leaves no entry for an empty list', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    state.addAll([]);
    expect(backend.numEntries('list')).toBe(0);
    state.add('x');
    state.update([]);
    expect(backend.numEntries('list')).toBe(0);
    state.add('x');
    state.clear();
    expect(backend.numEntries('list')).toBe(0);
    state.addAll(new Set(['s']));
    expect([...state.get()]).toEqual(['s']);
  });

  it('keeps namespaces apart and merges lists into the target, in order', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('k');
    state.add('void');
    for (const [ns, values] of [
      ['t', ['t1']],
      ['s1', ['a', 'b']],
      ['s2', ['c']],
    ] as const) {
      state.setCurrentNamespace(ns);
      state.addAll(values);
    }
    state.mergeNamespaces('t', ['s1', 'nothing', 's2', 't']);
    state.setCurrentNamespace('t');
    expect([...state.get()]).toEqual(['t1', 'a', 'b', 'c']);
    state.setCurrentNamespace('s1');
    expect([...state.get()]).toEqual([]);
    expect(backend.numEntries('list')).toBe(2);

    state.mergeNamespaces('fresh', ['t']);
    state.setCurrentNamespace('fresh');
    expect([...state.get()]).toEqual(['t1', 'a', 'b', 'c']);
    state.setCurrentNamespace(0);
    expect([...state.get()]).toEqual(['void']);
  });

  describe('with TTL', () => {
    it('expires each element on its own and drops the entry when all are gone', () => {
      const { backend, clock, state } = setup({ ttl: 100 });
      backend.setCurrentKey('k');
      state.add('early');
      clock.now = 50;
      state.add('late');
      clock.now = 100;
      expect([...state.get()]).toEqual(['late']);
      expect(backend.numEntries('list')).toBe(1);
      clock.now = 150;
      expect([...state.get()]).toEqual([]);
      expect(backend.numEntries('list')).toBe(0);
    });

    it('restamps elements on read with onReadAndWrite', () => {
      const { backend, clock, state } = setup({ ttl: 100, updateType: 'onReadAndWrite' });
      backend.setCurrentKey('k');
      state.addAll(['a', 'b']);
      clock.now = 90;
      expect([...state.get()]).toEqual(['a', 'b']);
      clock.now = 180;
      expect([...state.get()]).toEqual(['a', 'b']);
    });

    it('returns expired elements while cleaning them up with returnExpiredIfNotCleanedUp', () => {
      const { backend, clock, state } = setup({ ttl: 100, stateVisibility: 'returnExpiredIfNotCleanedUp' });
      backend.setCurrentKey('k');
      state.add('old');
      clock.now = 60;
      state.add('new');
      clock.now = 120;
      expect([...state.get()]).toEqual(['old', 'new']);
      expect([...state.get()]).toEqual(['new']);
    });

    it('drops expired elements when merging', () => {
      const { backend, clock, state } = setup({ ttl: 100 });
      backend.setCurrentKey('k');
      state.setCurrentNamespace('s2');
      state.add('expired too');
      state.setCurrentNamespace('s1');
      state.add('expired');
      clock.now = 60;
      state.add('kept');
      clock.now = 100;
      state.mergeNamespaces('t', ['s1', 's2']);
      state.setCurrentNamespace('t');
      expect([...state.get()]).toEqual(['kept']);
      expect(backend.numEntries('list')).toBe(1);
    });
  });
});
