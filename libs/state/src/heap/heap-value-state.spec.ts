import { KeyGroupRange } from '@weir/common';
import { ValueStateDescriptor, type StateTtlConfig } from '@weir/core';
import { VOID_NAMESPACE } from '../keyed-state-backend';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';

function setup() {
  const clock = { now: 1000 };
  const backend = new HeapKeyedStateBackend({
    keyGroupRange: new KeyGroupRange(0, 127),
    maxParallelism: 128,
    clock: () => clock.now,
  });
  return { backend, clock };
}

describe('HeapValueState', () => {
  it('keeps one value per key, with the default when absent', () => {
    const { backend } = setup();
    const state = backend.getValueState(new ValueStateDescriptor<number>('count', { defaultValue: 0 }));
    backend.setCurrentKey('a');
    expect(state.value()).toBe(0);
    state.update(3);
    backend.setCurrentKey('b');
    expect(state.value()).toBe(0);
    state.update(4);
    backend.setCurrentKey('a');
    expect(state.value()).toBe(3);
    state.clear();
    expect(state.value()).toBe(0);
    expect(backend.numEntries('count')).toBe(1);
  });

  it('clears on update(undefined) and stores falsy values', () => {
    const { backend } = setup();
    const state = backend.getValueState(new ValueStateDescriptor<number | null | boolean>('v'));
    backend.setCurrentKey(1);
    state.update(0);
    expect(state.value()).toBe(0);
    state.update(false);
    expect(state.value()).toBe(false);
    state.update(null);
    expect(state.value()).toBeNull();
    state.update(undefined as unknown as number);
    expect(state.value()).toBeUndefined();
    expect(backend.numEntries('v')).toBe(0);
  });

  it('keeps namespaces apart and leaves no empty namespace behind', () => {
    const { backend } = setup();
    const state = backend.getValueState(new ValueStateDescriptor<string>('v'));
    backend.setCurrentKey('k');
    state.update('plain');
    state.setCurrentNamespace('0:10');
    expect(state.value()).toBeUndefined();
    state.update('w1');
    state.setCurrentNamespace(42);
    state.update('w2');
    state.setCurrentNamespace('42');
    expect(state.value()).toBeUndefined();
    state.setCurrentNamespace('0:10');
    expect(state.value()).toBe('w1');
    state.setCurrentNamespace(VOID_NAMESPACE);
    expect(state.value()).toBe('plain');
    expect(backend.numEntries('v')).toBe(3);
    state.setCurrentNamespace('0:10');
    state.clear();
    state.setCurrentNamespace(42);
    state.clear();
    const table = backend.registeredStates().get('v')!.table;
    const group = backend.getCurrentKeyGroupIndex();
    expect(Array.from(table.entriesOfKeyGroup(group))).toEqual([['k', VOID_NAMESPACE, 'plain']]);
  });

  describe('with TTL', () => {
    function ttlState(ttl: StateTtlConfig) {
      const { backend, clock } = setup();
      const state = backend.getValueState(new ValueStateDescriptor<string>('v', { ttl, defaultValue: 'default' }));
      backend.setCurrentKey('k');
      return { backend, clock, state };
    }

    it('expires a value ttl ms after its last write and removes it on access', () => {
      const { backend, clock, state } = ttlState({ ttl: 100 });
      state.update('x');
      clock.now += 99;
      expect(state.value()).toBe('x');
      state.update('y');
      clock.now += 99;
      expect(state.value()).toBe('y');
      clock.now += 1;
      expect(backend.numEntries('v')).toBe(1);
      expect(state.value()).toBe('default');
      expect(backend.numEntries('v')).toBe(0);
    });

    it('does not restart the clock on read by default, but does with onReadAndWrite', () => {
      const onWrite = ttlState({ ttl: 100 });
      onWrite.state.update('x');
      onWrite.clock.now += 60;
      expect(onWrite.state.value()).toBe('x');
      onWrite.clock.now += 60;
      expect(onWrite.state.value()).toBe('default');

      const onRead = ttlState({ ttl: 100, updateType: 'onReadAndWrite' });
      onRead.state.update('x');
      onRead.clock.now += 60;
      expect(onRead.state.value()).toBe('x');
      onRead.clock.now += 60;
      expect(onRead.state.value()).toBe('x');
      onRead.clock.now += 100;
      expect(onRead.state.value()).toBe('default');
    });

    it('returns an expired value once, while cleaning it up, with returnExpiredIfNotCleanedUp', () => {
      const { backend, clock, state } = ttlState({ ttl: 100, stateVisibility: 'returnExpiredIfNotCleanedUp' });
      state.update('x');
      clock.now += 500;
      expect(state.value()).toBe('x');
      expect(backend.numEntries('v')).toBe(0);
      expect(state.value()).toBe('default');
    });
  });
});
