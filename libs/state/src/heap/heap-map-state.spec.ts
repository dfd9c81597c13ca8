import { KeyGroupRange } from '@weir/common';
import { MapStateDescriptor, type StateTtlConfig } from '@weir/core';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';

function setup(ttl?: StateTtlConfig) {
  const clock = { now: 0 };
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: new KeyGroupRange(0, 127),
    maxParallelism: 128,
    clock: () => clock.now,
  });
  const state = backend.getMapState(new MapStateDescriptor<string, number>('map', { ttl }));
  return { backend, clock, state };
}

describe('HeapMapState', () => {
  it('puts, gets, removes and iterates per key', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    expect(state.isEmpty()).toBe(true);
    expect([...state.entries()]).toEqual([]);
    state.put('x', 1);
    state.putAll([
      ['y', 2],
      ['z', 3],
    ]);
    backend.setCurrentKey('b');
    state.put('x', 100);
    backend.setCurrentKey('a');
    expect(state.get('x')).toBe(1);
    expect(state.get('w')).toBeUndefined();
    expect(state.contains('y')).toBe(true);
    expect(state.contains('w')).toBe(false);
    expect(state.isEmpty()).toBe(false);
    state.remove('y');
    expect([...state.entries()]).toEqual([
      ['x', 1],
      ['z', 3],
    ]);
    expect([...state.keys()]).toEqual(['x', 'z']);
    expect([...state.values()]).toEqual([1, 3]);
    backend.setCurrentKey('b');
    expect([...state.entries()]).toEqual([['x', 100]]);
  });

  it('leaves no entry for an empty map', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    state.put('x', 1);
    state.remove('x');
    expect(backend.numEntries('map')).toBe(0);
    state.remove('never there');
    state.put('x', 1);
    state.clear();
    expect(backend.numEntries('map')).toBe(0);
    expect(state.isEmpty()).toBe(true);
  });

  it('keeps namespaces apart', () => {
    const { backend, state } = setup();
    backend.setCurrentKey('a');
    state.put('x', 1);
    state.setCurrentNamespace('w');
    expect(state.get('x')).toBeUndefined();
    state.put('x', 2);
    state.setCurrentNamespace(0);
    expect(state.get('x')).toBe(1);
    state.setCurrentNamespace('w');
    state.remove('x');
    expect(backend.getKeys('map', 'w')).toEqual([]);
    expect(backend.numEntries('map')).toBe(1);
  });

  describe('with TTL', () => {
    it('expires each entry on its own', () => {
      const { backend, clock, state } = setup({ ttl: 100 });
      backend.setCurrentKey('k');
      state.put('early', 1);
      clock.now = 50;
      state.put('late', 2);
      clock.now = 100;
      expect(state.get('early')).toBeUndefined();
      expect(state.contains('late')).toBe(true);
      expect([...state.entries()]).toEqual([['late', 2]]);
      expect([...state.keys()]).toEqual(['late']);
      expect([...state.values()]).toEqual([2]);
      clock.now = 150;
      expect(state.isEmpty()).toBe(true);
      expect(backend.numEntries('map')).toBe(0);
    });

    it('removes the map when a read expires its last entry', () => {
      const { backend, clock, state } = setup({ ttl: 100 });
      backend.setCurrentKey('k');
      state.put('a', 1);
      clock.now = 100;
      expect(state.contains('a')).toBe(false);
      expect(backend.numEntries('map')).toBe(0);
    });

    it('restamps read entries with onReadAndWrite', () => {
      const { backend, clock, state } = setup({ ttl: 100, updateType: 'onReadAndWrite' });
      backend.setCurrentKey('k');
      state.put('a', 1);
      state.put('b', 2);
      clock.now = 90;
      expect(state.get('a')).toBe(1);
      clock.now = 150;
      expect(state.get('a')).toBe(1);
      expect(state.get('b')).toBeUndefined();
    });

    it('returns an expired entry once with returnExpiredIfNotCleanedUp', () => {
      const { backend, clock, state } = setup({ ttl: 100, stateVisibility: 'returnExpiredIfNotCleanedUp' });
      backend.setCurrentKey('k');
      state.put('a', 1);
      clock.now = 200;
      expect(state.get('a')).toBe(1);
      expect(state.get('a')).toBeUndefined();
      state.put('b', 2);
      clock.now = 400;
      expect([...state.entries()]).toEqual([['b', 2]]);
      expect(state.isEmpty()).toBe(true);
    });
  });
});
