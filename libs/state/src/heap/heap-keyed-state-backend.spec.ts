import { assignToKeyGroup, ConfigError, JobDefinitionError, KeyGroupRange, RecordError, type Key } from '@weir/common';
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '@weir/core';
import { VOID_NAMESPACE } from '../keyed-state-backend';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend';
import { HeapAggregatingState } from './heap-aggregating-state';
import { HeapListState } from './heap-list-state';
import { HeapMapState } from './heap-map-state';
import { HeapReducingState } from './heap-reducing-state';
import { HeapValueState } from './heap-value-state';

const MAX = 8;

function backend(range = new KeyGroupRange(0, MAX - 1)): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend({ keyGroupRange: range, maxParallelism: MAX });
}

/** The first key `prefix + i` that lands in (or, with inRange false, outside) the range. */
function keyFor(range: KeyGroupRange, inRange: boolean, prefix = 'k'): string {
  for (let i = 0; ; i++) {
    const key = `${prefix}${i}`;
    if (range.contains(assignToKeyGroup(key, MAX)) === inRange) return key;
  }
}

describe('HeapKeyedStateBackend', () => {
  it('sets the current key, its key group and keeps the original tuple', () => {
    const b = backend();
    const tuple: Key = ['a', 1, 2n];
    b.setCurrentKey(tuple);
    expect(b.getCurrentKey()).toBe(tuple);
    expect(b.getCurrentKeyGroupIndex()).toBe(assignToKeyGroup(tuple, MAX));
    b.setCurrentKey('x');
    expect(b.getCurrentKey()).toBe('x');
    expect(b.getCurrentKeyGroupIndex()).toBe(assignToKeyGroup('x', MAX));
  });

  it('treats equal tuples as one key', () => {
    const b = backend();
    const state = b.getValueState(new ValueStateDescriptor<number>('v'));
    b.setCurrentKey(['a', 1]);
    state.update(5);
    b.setCurrentKey(['a', 1]);
    expect(state.value()).toBe(5);
    b.setCurrentKey(['a', 2]);
    expect(state.value()).toBeUndefined();
  });

  it('stores each key in its own key group', () => {
    const range = new KeyGroupRange(2, 5);
    const b = backend(range);
    const state = b.getValueState(new ValueStateDescriptor<string>('v'));
    const keys = Array.from({ length: 20 }, (_, i) => keyFor(range, true, `key${i}-`));
    for (const key of keys) {
      b.setCurrentKey(key);
      state.update(key);
    }
    const { table } = b.registeredStates().get('v')!;
    for (let kg = 2; kg <= 5; kg++) {
      const inGroup = Array.from(table.entriesOfKeyGroup(kg), ([key, namespace, value]) => {
        expect(namespace).toBe(VOID_NAMESPACE);
        expect(value).toBe(key);
        return key;
      });
      expect(inGroup.sort()).toEqual(keys.filter((k) => assignToKeyGroup(k, MAX) === kg).sort());
    }
    expect(() => table.entriesOfKeyGroup(1)).toThrow('Key group 1 is not in KeyGroupRange{2..5}');
  });

  it('rejects a key outside its key group range with a clear error', () => {
    const range = new KeyGroupRange(0, 3);
    const b = backend(range);
    const outside = keyFor(range, false);
    const group = assignToKeyGroup(outside, MAX);
    expect(() => b.setCurrentKey(outside)).toThrow(RecordError);
    expect(() => b.setCurrentKey(outside)).toThrow(
      `The key "${outside}" belongs to key group ${group}, which is not in this subtask's KeyGroupRange{0..3}`,
    );
  });

  it('rejects a key group range that does not fit its max parallelism', () => {
    expect(() => new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(0, 8), maxParallelism: 8 })).toThrow(
      ConfigError,
    );
    expect(() => new HeapKeyedStateBackend({ keyGroupRange: new KeyGroupRange(3, 2), maxParallelism: 8 })).toThrow(
      'KeyGroupRange{3..2}',
    );
  });

  it('says so when state is used or the key is read before any key is set', () => {
    const b = backend();
    const value = b.getValueState(new ValueStateDescriptor<number>('v'));
    expect(() => value.value()).toThrow(JobDefinitionError);
    expect(() => value.update(1)).toThrow("Keyed state 'v' was used with no current key");
    expect(() => b.getListState(new ListStateDescriptor<number>('l')).add(1)).toThrow(JobDefinitionError);
    expect(() => b.getCurrentKey()).toThrow('There is no current key');
  });

  it('returns the same state object for the same name, by kind through getState', () => {
    const b = backend();
    const descriptor = new ValueStateDescriptor<number>('v');
    const first = b.getValueState(descriptor);
    expect(b.getValueState(new ValueStateDescriptor<number>('v'))).toBe(first);
    expect(b.getState(descriptor)).toBe(first);
    expect(first.name).toBe('v');
    expect(b.getState(new ValueStateDescriptor('v2'))).toBeInstanceOf(HeapValueState);
    expect(b.getState(new ListStateDescriptor('l'))).toBeInstanceOf(HeapListState);
    expect(b.getState(new MapStateDescriptor('m'))).toBeInstanceOf(HeapMapState);
    expect(b.getState(new ReducingStateDescriptor<number>('r', (x, y) => x + y))).toBeInstanceOf(HeapReducingState);
    const sum = {
      createAccumulator: () => 0,
      add: (v: number, a: number) => a + v,
      getResult: (a: number) => a,
      merge: (a: number, c: number) => a + c,
    };
    expect(b.getState(new AggregatingStateDescriptor('a', sum))).toBeInstanceOf(HeapAggregatingState);
  });

  it('refuses a state name reused with another kind or TTL, naming the state', () => {
    const b = backend();
    b.getValueState(new ValueStateDescriptor<number>('counts'));
    expect(() => b.getListState(new ListStateDescriptor<number>('counts'))).toThrow(JobDefinitionError);
    expect(() => b.getListState(new ListStateDescriptor<number>('counts'))).toThrow(
      "The state 'counts' is requested as list state but was registered as value state.",
    );
    expect(() => b.getValueState(new ValueStateDescriptor<number>('counts', { ttl: 1000 }))).toThrow(
      "The state 'counts' is requested with TTL 1000 ms (onCreateAndWrite, neverReturnExpired) but was registered with TTL off.",
    );
    b.getValueState(new ValueStateDescriptor<number>('ttl', { ttl: 1000 }));
    expect(() =>
      b.getValueState(new ValueStateDescriptor<number>('ttl', { ttl: { ttl: 1000, updateType: 'onReadAndWrite' } })),
    ).toThrow(JobDefinitionError);
    expect(b.getValueState(new ValueStateDescriptor<number>('ttl', { ttl: { ttl: 1000 } }))).toBeDefined();
  });

  it('lists keys per namespace, original tuples included, and counts entries', () => {
    const b = backend();
    const state = b.getValueState(new ValueStateDescriptor<number>('v'));
    const keys: Key[] = ['a', 7, true, 12n, ['t', 1, 3n]];
    for (const key of keys) {
      b.setCurrentKey(key);
      state.update(1);
    }
    b.setCurrentKey('a');
    state.setCurrentNamespace('w1');
    state.update(2);
    b.setCurrentKey(7);
    state.update(2);
    expect(sortKeys(b.getKeys('v', VOID_NAMESPACE))).toEqual(sortKeys(keys));
    expect(sortKeys(b.getKeys('v', 'w1'))).toEqual(sortKeys(['a', 7]));
    expect(b.getKeys('v', 'w2')).toEqual([]);
    expect(b.getKeys('unknown', VOID_NAMESPACE)).toEqual([]);
    expect(b.numEntries('v')).toBe(7);
    expect(b.numEntries('unknown')).toBe(0);
  });

  it('getKeys is a snapshot: clearing while iterating is safe', () => {
    const b = backend();
    const state = b.getValueState(new ValueStateDescriptor<number>('v'));
    for (let i = 0; i < 50; i++) {
      b.setCurrentKey(i);
      state.update(i);
    }
    for (const key of b.getKeys('v', VOID_NAMESPACE)) {
      b.setCurrentKey(key);
      state.clear();
    }
    expect(b.numEntries('v')).toBe(0);
  });

  it('keeps states apart and drops everything on dispose', () => {
    const b = backend();
    const a = b.getValueState(new ValueStateDescriptor<string>('a'));
    const c = b.getValueState(new ValueStateDescriptor<string>('c'));
    b.setCurrentKey('k');
    a.update('x');
    expect(c.value()).toBeUndefined();
    b.dispose();
    expect(b.numEntries('a')).toBe(0);
    expect(b.registeredStates().size).toBe(0);
  });
});

function sortKeys(keys: Key[]): string[] {
  return keys.map((k) => `${typeof k}:${Array.isArray(k) ? k.map(String).join(',') : String(k)}`).sort();
}
